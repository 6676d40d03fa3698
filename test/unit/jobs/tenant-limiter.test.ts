import { describe, expect, it } from 'vitest';
import { TenantLimiter } from '../../../src/jobs/tenant-limiter';

describe('TenantLimiter', () => {
  it('lets one batch per tenant through at a time, first come first served, other tenants unaffected', async () => {
    const limiter = new TenantLimiter(1);
    const order: string[] = [];
    const first = await limiter.acquire('t1');
    const second = limiter.acquire('t1').then((release) => {
      order.push('second');
      return release;
    });
    const third = limiter.acquire('t1').then((release) => {
      order.push('third');
      return release;
    });
    const other = await limiter.acquire('t2');
    expect(limiter.inUse('t2')).toBe(1);
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(limiter.inUse('t1')).toBe(1);

    first();
    const releaseSecond = await second;
    expect(order).toEqual(['second']);
    expect(limiter.inUse('t1')).toBe(1);
    releaseSecond();
    releaseSecond();
    const releaseThird = await third;
    expect(order).toEqual(['second', 'third']);
    releaseThird();
    other();
    expect(limiter.inUse('t1')).toBe(0);
    expect(limiter.inUse('t2')).toBe(0);
  });

  it('allows up to the bound at once', async () => {
    const limiter = new TenantLimiter(2);
    await limiter.acquire('t1');
    await limiter.acquire('t1');
    expect(limiter.inUse('t1')).toBe(2);
    let third = false;
    void limiter.acquire('t1').then(() => {
      third = true;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    expect(() => new TenantLimiter(0)).toThrow(RangeError);
  });
});
