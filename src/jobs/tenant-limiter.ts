/**
 * Bounds how many batches of one tenant run at once in this process, so that two jobs of a tenant take
 * turns within its Graph throttle budget instead of each pacing as if it were alone. Waiters are served
 * first come, first served.
 */
export class TenantLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly perTenant: number) {
    if (!Number.isInteger(perTenant) || perTenant < 1) throw new RangeError('perTenant must be a positive integer.');
  }

  async acquire(tenantId: string): Promise<() => void> {
    const running = this.active.get(tenantId) ?? 0;
    if (running < this.perTenant) {
      this.active.set(tenantId, running + 1);
    } else {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(tenantId) ?? [];
        queue.push(resolve);
        this.waiting.set(tenantId, queue);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(tenantId);
    };
  }

  private release(tenantId: string): void {
    const queue = this.waiting.get(tenantId);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(tenantId);
    // The slot passes straight to the next waiter, so the active count stays the same.
    if (next) {
      next();
      return;
    }
    const running = (this.active.get(tenantId) ?? 1) - 1;
    if (running === 0) this.active.delete(tenantId);
    else this.active.set(tenantId, running);
  }

  inUse(tenantId: string): number {
    return this.active.get(tenantId) ?? 0;
  }
}
