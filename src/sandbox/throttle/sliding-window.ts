/**
 * An exact sliding-window log: each charge is remembered with its time and drops out `windowMs` later.
 * Charges in the same millisecond are merged, so memory stays bounded by the window's traffic.
 */
export class SlidingWindow {
  private times: number[] = [];
  private amounts: number[] = [];
  private head = 0;
  private total = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  usage(now: number): number {
    this.expire(now);
    return this.total;
  }

  add(now: number, amount: number): void {
    this.expire(now);
    const last = this.times.length - 1;
    if (last >= this.head && this.times[last] === now) this.amounts[last] = (this.amounts[last] ?? 0) + amount;
    else {
      this.times.push(now);
      this.amounts.push(amount);
    }
    this.total += amount;
  }

  /** Milliseconds until a charge of `amount` fits; 0 when it fits now. */
  msUntilFits(now: number, amount: number): number {
    this.expire(now);
    let excess = this.total + amount - this.limit;
    if (excess <= 0) return 0;
    for (let i = this.head; i < this.times.length; i += 1) {
      excess -= this.amounts[i] ?? 0;
      if (excess <= 0) return (this.times[i] ?? now) + this.windowMs - now;
    }
    return this.windowMs;
  }

  private expire(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.times.length && (this.times[this.head] ?? Infinity) <= cutoff) {
      this.total -= this.amounts[this.head] ?? 0;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.amounts = this.amounts.slice(this.head);
      this.head = 0;
    }
  }
}
