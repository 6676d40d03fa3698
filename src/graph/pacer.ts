import type { Clock } from './clock';

/**
 * A token bucket that hands out reservations: `reserve(n)` takes n tokens now (the balance may go negative) and
 * says how long the caller must wait before using them, so concurrent callers queue in order without a lock.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private ratePerSecond: number,
    readonly capacity: number,
    private readonly now: () => number,
  ) {
    if (!(ratePerSecond > 0) || !(capacity > 0)) throw new RangeError('TokenBucket needs a positive rate and capacity');
    this.tokens = capacity;
    this.refilledAt = now();
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  setRate(ratePerSecond: number): void {
    if (!(ratePerSecond > 0)) throw new RangeError('TokenBucket needs a positive rate');
    this.refill();
    this.ratePerSecond = ratePerSecond;
  }

  reserve(n: number): number {
    this.refill();
    this.tokens -= n;
    const pausedFor = Math.max(0, this.refilledAt - this.now());
    return this.tokens >= 0 ? pausedFor : pausedFor + Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }

  /** No tokens accrue before `until`, and the bucket restarts empty then: after a 429 the server's bucket is empty too. */
  pauseUntil(until: number): void {
    this.refill();
    if (until <= this.refilledAt) return;
    this.tokens = Math.min(this.tokens, 0);
    this.refilledAt = until;
  }

  private refill(): void {
    const now = this.now();
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.ratePerSecond);
    this.refilledAt = now;
  }
}

/**
 * The client's copy of a server-side sliding window. The server charges a request when it arrives, so a send counts
 * for a window from its send time, plus the time it may have taken to arrive: at most its round trip, and at most
 * `arrivalSlackMs` (so a slow response does not hold the slot). A send still in flight counts until it settles.
 * Timers that fire late and then catch up still cannot put more into one window than the server allows.
 */
export class SendLog {
  private sends: { at: number; n: number; leavesAt: number | undefined }[] = [];

  constructor(
    private limit: number,
    private readonly windowMs: number,
    private readonly arrivalSlackMs: number = windowMs / 100,
  ) {}

  setLimit(limit: number): void {
    this.limit = limit;
  }

  /** 0 when `n` more fit now, else how long to wait before asking again. */
  msUntilFits(now: number, n: number): number {
    this.sends = this.sends.filter((send) => send.leavesAt === undefined || send.leavesAt > now);
    const total = this.sends.reduce((sum, send) => sum + send.n, 0);
    let excess = total + n - Math.max(this.limit, n);
    if (excess <= 0) return 0;
    const leaving = this.sends.filter((send) => send.leavesAt !== undefined).sort((a, b) => (a.leavesAt ?? 0) - (b.leavesAt ?? 0));
    for (const send of leaving) {
      excess -= send.n;
      if (excess <= 0) return (send.leavesAt ?? now) - now;
    }
    return Math.max(1, Math.min(100, Math.ceil(this.windowMs / 50)));
  }

  /** Counts a send now; call the returned function when its response arrives. */
  record(now: number, n: number, clock: () => number): () => void {
    const send: { at: number; n: number; leavesAt: number | undefined } = { at: now, n, leavesAt: undefined };
    this.sends.push(send);
    return () => {
      if (send.leavesAt !== undefined) return;
      const arrivedBy = Math.min(clock(), send.at + this.arrivalSlackMs);
      send.leavesAt = arrivedBy + this.windowMs;
    };
  }
}

export type WorkKind = 'read' | 'write' | 'invitation';

export interface PacerOptions {
  /** Graph's identity write budget is 3,000 per 150 s per app and tenant: 20 per second. */
  writesPerSecond?: number;
  /** `/invitations` allows 150 per 5 s per tenant: 30 per second. */
  invitationsPerSecond?: number;
  /** Reads are cheap in resource units; unpaced unless set. */
  readsPerSecond?: number;
  /** Multiplies every rate; the benchmarks set it to the sandbox's time scale. */
  rateScale?: number;
  /** Fraction of the budget to aim for, leaving room for other clients and clock skew. */
  headroom?: number;
  /** Largest burst, in requests; by default what the budget's window leaves after the paced rate (see below). */
  burst?: number;
}

/** Graph counts these budgets over sliding windows: 3,000 writes per 150 s, 150 invitations per 5 s. */
const WINDOW_SECONDS: Record<WorkKind, number> = { write: 150, invitation: 5, read: 10 };

/** Graph's `$batch` maximum; the default burst is never smaller than one batch. */
const FULL_BATCH = 20;

export const DEFAULT_WRITES_PER_SECOND = 20;
export const DEFAULT_INVITATIONS_PER_SECOND = 30;

/** Paces sub-requests per kind of work; the throttle controller scales the rates and pauses after a 429. */
export class Pacer {
  private readonly buckets = new Map<WorkKind, { bucket: TokenBucket; baseRate: number; log: SendLog; baseLimit: number }>();
  private readonly pausedUntil = new Map<WorkKind, number>();
  private factor = 1;

  constructor(
    options: PacerOptions,
    private readonly clock: Clock,
  ) {
    const scale = options.rateScale ?? 1;
    const headroom = options.headroom ?? 0.95;
    const rates: [WorkKind, number | undefined][] = [
      ['write', options.writesPerSecond ?? DEFAULT_WRITES_PER_SECOND],
      ['invitation', options.invitationsPerSecond ?? DEFAULT_INVITATIONS_PER_SECOND],
      ['read', options.readsPerSecond],
    ];
    for (const [kind, rate] of rates) {
      if (rate === undefined) continue;
      const baseRate = rate * scale * headroom;
      // A bucket of capacity C at rate r sends at most C + r·W in any window W; C ≈ limit − r·W keeps most sliding
      // windows inside the budget, and the send log enforces the rest exactly. C is never below one full `$batch`:
      // a caller that waits for each response (invitations) would otherwise lose the tokens its round trip earned.
      const capacity = Math.max(options.burst ?? Math.max(rate * WINDOW_SECONDS[kind] * (1 - headroom), FULL_BATCH), 1);
      const baseLimit = rate * WINDOW_SECONDS[kind];
      const log = new SendLog(baseLimit, (WINDOW_SECONDS[kind] * 1000) / scale);
      this.buckets.set(kind, { bucket: new TokenBucket(baseRate, capacity, () => clock.now()), baseRate, log, baseLimit });
    }
  }

  rateFor(kind: WorkKind): number | undefined {
    return this.buckets.get(kind)?.bucket.rate;
  }

  /** Scales all paced rates by `factor` (0 < factor ≤ 1), as the AIMD controller decides. */
  setFactor(factor: number): void {
    this.factor = factor;
    for (const { bucket, baseRate, log, baseLimit } of this.buckets.values()) {
      bucket.setRate(baseRate * factor);
      log.setLimit(baseLimit * factor);
    }
  }

  get currentFactor(): number {
    return this.factor;
  }

  pause(kind: WorkKind, until: number): void {
    this.buckets.get(kind)?.bucket.pauseUntil(until);
    this.pausedUntil.set(kind, Math.max(until, this.pausedUntil.get(kind) ?? 0));
  }

  /**
   * Waits until `n` requests of this kind may be sent (returns early if the signal aborts). Call the returned
   * function once their response has arrived.
   */
  async acquire(kind: WorkKind, n: number, signal?: AbortSignal): Promise<() => void> {
    const entry = this.buckets.get(kind);
    if (entry) {
      const wait = entry.bucket.reserve(n);
      if (wait > 0) await this.clock.sleep(wait, signal);
    }
    // A reservation granted before a 429 must not fire inside the Retry-After window that followed it.
    for (;;) {
      if (signal?.aborted) return () => undefined;
      const now = this.clock.now();
      const remaining = Math.max((this.pausedUntil.get(kind) ?? 0) - now, entry ? entry.log.msUntilFits(now, n) : 0);
      if (remaining <= 0) return entry ? entry.log.record(now, n, () => this.clock.now()) : () => undefined;
      await this.clock.sleep(remaining, signal);
    }
  }
}
