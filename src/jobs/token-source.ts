import type { TokenProvider } from '../graph/token-provider';
import type { JobTokenSource } from './job-executor';
import type { Job } from './job-model';

/**
 * Adapts the Graph seam's per-user TokenProvider to the runner. `providerFor` returns undefined when the
 * initiator has no usable session in this process (e.g. after a restart), which pauses the job until
 * they sign in again and the bot resumes it.
 */
export function jobTokenSource(providerFor: (job: Job) => TokenProvider | undefined): JobTokenSource {
  return {
    async getToken(job, options) {
      const provider = providerFor(job);
      if (!provider) {
        return { ok: false, reason: `Waiting for ${job.initiator.name} to sign in to the bot again so the job can continue.` };
      }
      if (options?.refresh) provider.invalidate?.();
      const result = await provider.getToken();
      if (result.ok) return { ok: true, token: result.token };
      return { ok: false, reason: `Waiting for ${job.initiator.name} to sign in again: ${result.message}` };
    },
  };
}
