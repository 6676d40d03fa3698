/** Samples this process's resident set size; `peak` is the largest sample since the last `reset`. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peakBytes = 0;

  constructor(private readonly intervalMs = 25) {}

  start(): this {
    this.reset();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  reset(): void {
    this.peakBytes = 0;
    this.sample();
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
    return rss;
  }

  get peak(): number {
    this.sample();
    return this.peakBytes;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** The process's own high-water mark as the kernel counts it, in bytes. */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
