import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import type { GraphExchange } from './graph-call';
import { graphCallOf } from './graph-call';
import { GraphError } from './graph-error';
import type { Pacer, WorkKind } from './pacer';

/**
 * A request's claim on a pacer: it goes once `weight` requests of `kind` fit that pacer's budget. The pacer is named
 * by the claim, not by the client, because it belongs to a run: its rates come from the run's options and its
 * throttle controller tunes it, while one client serves runs with different budgets.
 */
export interface PacingClaim {
  pacer: Pacer;
  kind: WorkKind;
  /** How many requests Graph counts for this one: the sub-requests of a `$batch`. */
  weight: number;
  /**
   * Gives up the wait, and then the request is never sent. Unlike the request's own signal (which also gives up the
   * wait), it does not cancel a request already sent, so a stopped run still learns what its batches in flight did.
   */
  signal?: AbortSignal;
}

/** Carries a claim to the pacing middleware as the SDK's per-request option. */
export class PacingOption implements MiddlewareOptions {
  constructor(readonly claim: PacingClaim) {}
}

export type PacedOutcome<T> = { sent: true; value: T } | { sent: false };

/**
 * Waits for the claim's turn, then sends, and tells the pacer's send log when the answer is in. A wait given up (by the
 * claim's or the request's signal) sends nothing. Exported for transports that are not a middleware chain.
 */
export async function sendPaced<T>(claim: PacingClaim, requestSignal: AbortSignal | undefined, send: () => Promise<T>): Promise<PacedOutcome<T>> {
  const signals = [claim.signal, requestSignal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const settle = await claim.pacer.acquire(claim.kind, claim.weight, signal);
  try {
    if (signal?.aborted) return { sent: false };
    return { sent: true, value: await send() };
  } finally {
    settle();
  }
}

/** What a request whose pacing wait was given up answers: nothing was sent, and the caller can tell so from `unsent`. */
export function unsentExchange(): GraphExchange & { ok: false } {
  return {
    ok: false,
    unsent: true,
    headers: {},
    error: new GraphError({ status: 0, code: 'PacingWaitCancelled', message: 'The request was not sent: it was cancelled while waiting for its turn.' }),
  };
}

/**
 * Sits after retry and before auth (retry → pacing → auth → fetch): every attempt of a request with a claim waits for
 * its pacer, and the token is fetched only once the request may go. Requests without a claim pass straight through.
 * Throttle feedback (a 429 or `Retry-After` inside a sub-response) is not read here: it needs the parsed `$batch`
 * body, so the batch executor's throttle controller reacts to it and tunes the pacer this middleware waits on.
 */
export class PacingMiddleware implements Middleware {
  private next: Middleware | undefined;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const option = context.middlewareControl?.getMiddlewareOptions(PacingOption);
    if (!(option instanceof PacingOption)) {
      await this.next?.execute(context);
      return;
    }
    const call = graphCallOf(context);
    const paced = await sendPaced(option.claim, call?.spec.signal, async () => this.next?.execute(context));
    if (!paced.sent && call) call.exchange = unsentExchange();
  }
}
