import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Clock, GraphLogger } from './clock';
import { graphCallOf } from './graph-call';
import { withRetry } from '../net/retry';
import { GraphError } from './graph-error';
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
    if (!call || !bounds || call.spec.signal?.aborted) {
      call?.beginAttempt();
      await this.next?.execute(context);
      return;
    }
    let refreshedToken = false;
    const attempt = async (): Promise<void> => {
      call.beginAttempt();
      await this.next?.execute(context);
      const outcome = call.exchange;
      // A call whose pacing wait was given up was never sent, and is not tried again.
      if (!outcome || outcome.ok || outcome.unsent || call.spec.signal?.aborted) return;
      if (outcome.error.status === 401 && !refreshedToken && this.authentication.invalidate()) {
        // One fresh token after a 401 is sent at once, without a wait.
        refreshedToken = true;
        return attempt();
      }
      throw outcome.error;
    };
    try {
      await withRetry(attempt, {
        ...bounds,
        // The bounds count every exchange, the one after a token refresh included.
        shouldRetry: (error) => error instanceof GraphError && error.retryable && call.attempts < bounds.maxAttempts,
        retryAfterMs: (error) => (error instanceof GraphError ? error.retryAfterMs : undefined),
        clock: this.clock,
        random: this.random,
        ...(call.spec.signal ? { signal: call.spec.signal } : {}),
        onRetry: ({ error, delayMs }) => {
          const graphError = error as GraphError;
          this.logger.debug({ status: graphError.status, code: graphError.code, attempt: call.attempts, delay: delayMs, url: call.spec.url }, 'graph retry');
        },
      });
    } catch (error) {
      // The last exchange's typed error stays on the call for the client to return; anything else is a defect.
      if (!(error instanceof GraphError) || call.exchange?.ok !== false) throw error;
    }
  }
}
