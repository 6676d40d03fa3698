import type { Pacer, WorkKind } from './pacer';

export interface ThrottleControllerOptions {
  initialConcurrency?: number;
  maxConcurrency?: number;
  /** Lowest fraction of the configured rates the pacer may fall to. */
  minRateFactor?: number;
  /** Rate factor regained per clean batch (additive increase). */
  rateIncrease?: number;
  /** Multiplier applied on a throttling signal (multiplicative decrease). */
  rateDecrease?: number;
  /** One throttling episode causes one decrease: later 429s within this window are the same episode. */
  decreaseCooldownMs?: number;
}

/**
 * AIMD over two knobs: how many `$batch` requests may be in flight, and what fraction of the paced budget is used.
 * A 429 (or `x-ms-throttle-limit-percentage` above 1) halves concurrency and cuts the rate; a reading ≥ 0.9 holds both;
 * clean batches add back slowly. With the pacer set just under Graph's budget, this rarely has to act.
 */
export class ThrottleController {
  private inFlightLimit: number;
  private readonly maxConcurrency: number;
  private readonly minRateFactor: number;
  private readonly rateIncrease: number;
  private readonly rateDecrease: number;
  private readonly cooldownMs: number;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private holdUntilNextClean = false;
  throttledCount = 0;

  constructor(
    private readonly pacer: Pacer,
    private readonly now: () => number,
    options: ThrottleControllerOptions = {},
  ) {
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 8);
    this.inFlightLimit = Math.min(this.maxConcurrency, Math.max(1, options.initialConcurrency ?? 4));
    this.minRateFactor = options.minRateFactor ?? 0.1;
    this.rateIncrease = options.rateIncrease ?? 0.05;
    this.rateDecrease = options.rateDecrease ?? 0.8;
    this.cooldownMs = options.decreaseCooldownMs ?? 1_000;
  }

  get concurrency(): number {
    return this.inFlightLimit;
  }

  get rateFactor(): number {
    return this.pacer.currentFactor;
  }

  /** A batch of `kind` work was throttled; `retryAfterMs` is the longest wait any of its sub-responses asked for. */
  onThrottled(kind: WorkKind, retryAfterMs: number | undefined): void {
    this.throttledCount++;
    const now = this.now();
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.pacer.pause(kind, now + retryAfterMs);
    this.decrease(now, retryAfterMs ?? 0);
  }

  /** The highest `x-ms-throttle-limit-percentage` seen on a batch (1.0 = throttling starts). */
  onLimitPercentage(percentage: number): void {
    if (percentage > 1) this.decrease(this.now(), 0);
    else if (percentage >= 0.9) this.holdUntilNextClean = true;
  }

  onCleanBatch(): void {
    if (this.holdUntilNextClean) {
      this.holdUntilNextClean = false;
      return;
    }
    if (this.now() < this.lastDecreaseAt + this.cooldownMs) return;
    this.inFlightLimit = Math.min(this.maxConcurrency, this.inFlightLimit + 1);
    this.pacer.setFactor(Math.min(1, this.pacer.currentFactor + this.rateIncrease));
  }

  private decrease(now: number, retryAfterMs: number): void {
    this.holdUntilNextClean = true;
    if (now < this.lastDecreaseAt + this.cooldownMs) return;
    this.lastDecreaseAt = now + retryAfterMs;
    this.inFlightLimit = Math.max(1, Math.floor(this.inFlightLimit / 2));
    this.pacer.setFactor(Math.max(this.minRateFactor, this.pacer.currentFactor * this.rateDecrease));
  }
}
