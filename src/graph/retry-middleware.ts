import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Clock, GraphLogger } from './clock';
import { graphCallOf } from './graph-call';
import { retryDelayMs } from './retry-policy';
import type { TokenProviderAuthentication } from './token-authentication';

/**
 * Our retry rules as the chain's first middleware, in place of the SDK's RetryHandler: the typed error decides
 * (429, 502/503/504, `Directory_ConcurrencyViolation`, dropped connections), `Retry-After` sets the wait, and one
 * 401 refreshes the token. A call without retry bounds (a `$batch` envelope) passes through once.
 */
export class RetryMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly authentication: TokenProviderAuthentication,
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly logger: GraphLogger,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const call = graphCallOf(context);
    const bounds = call?.spec.retry;
    if (!call || !bounds) {
      call?.beginAttempt();
      await this.next?.execute(context);
      return;
    }
    let refreshedToken = false;
    for (;;) {
      call.beginAttempt();
      await this.next?.execute(context);
      const outcome = call.exchange;
      if (!outcome || outcome.ok || call.spec.signal?.aborted) return;
      const error = outcome.error;
      if (error.status === 401 && !refreshedToken && this.authentication.invalidate()) {
        refreshedToken = true;
        continue;
      }
      if (!error.retryable || call.attempts >= bounds.maxAttempts) return;
      const delay = retryDelayMs(call.attempts, error.retryAfterMs, bounds, this.random);
      this.logger.debug({ status: error.status, code: error.code, attempt: call.attempts, delay, url: call.spec.url }, 'graph retry');
      await this.clock.sleep(delay, call.spec.signal);
    }
  }
}
