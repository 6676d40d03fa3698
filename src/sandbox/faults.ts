import { z } from 'zod';
import type { Random } from './prng';

export const faultSettingsSchema = z
  .object({
    errorRate: z.number().min(0).max(1).optional(),
    errorStatus: z.number().int().min(400).max(599).optional(),
    retryAfterSeconds: z.number().min(0).max(3600).optional(),
    resetRate: z.number().min(0).max(1).optional(),
    extraLatencyMs: z.number().int().min(0).max(120_000).optional(),
    invitationBlockAfter: z.number().int().min(0).optional(),
    paths: z
      .string()
      .refine((pattern) => {
        try {
          new RegExp(pattern);
          return true;
        } catch {
          return false;
        }
      }, 'paths must be a valid regular expression')
      .optional(),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export type FaultDecision =
  | { kind: 'none'; extraLatencyMs: number }
  | { kind: 'reset' }
  | { kind: 'error'; status: number; retryAfterSeconds?: number; extraLatencyMs: number };

const ERROR_CODES: Record<number, { code: string; message: string }> = {
  409: { code: 'Directory_ConcurrencyViolation', message: 'Error due to concurrent requests being made to the tenant. Please wait briefly and retry.' },
  429: { code: 'TooManyRequests', message: 'Please retry again later.' },
  500: { code: 'Service_InternalServerError', message: 'Encountered an internal server error.' },
  502: { code: 'badGateway', message: 'The service could not be reached. Please retry later.' },
  503: { code: 'serviceNotAvailable', message: 'The service is temporarily unavailable. Please retry later.' },
  504: { code: 'gatewayTimeout', message: 'The operation timed out. Please retry later.' },
};

export function faultError(status: number): { code: string; message: string } {
  return ERROR_CODES[status] ?? { code: 'generalException', message: 'An error occurred while processing the request (injected fault).' };
}

export class FaultInjector {
  private settings: FaultSettings = {};
  private pattern: RegExp | undefined;

  constructor(private readonly random: Random) {}

  set(settings: FaultSettings): void {
    this.settings = settings;
    this.pattern = settings.paths === undefined ? undefined : new RegExp(settings.paths);
  }

  clear(): void {
    this.set({});
  }

  current(): FaultSettings {
    return this.settings;
  }

  invitationsBlocked(invitationsSent: number): boolean {
    const limit = this.settings.invitationBlockAfter;
    return limit !== undefined && invitationsSent >= limit;
  }

  decide(path: string, canReset: boolean): FaultDecision {
    const s = this.settings;
    if (this.pattern && !this.pattern.test(path)) return { kind: 'none', extraLatencyMs: 0 };
    const extraLatencyMs = s.extraLatencyMs ?? 0;
    if (canReset && s.resetRate !== undefined && s.resetRate > 0 && this.random() < s.resetRate) return { kind: 'reset' };
    if (s.errorRate !== undefined && s.errorRate > 0 && this.random() < s.errorRate) {
      const status = s.errorStatus ?? 503;
      const retryAfterSeconds = s.retryAfterSeconds ?? (status === 503 || status === 429 ? 1 : undefined);
      return { kind: 'error', status, retryAfterSeconds, extraLatencyMs };
    }
    return { kind: 'none', extraLatencyMs };
  }
}
