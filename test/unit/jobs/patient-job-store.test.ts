import { describe, expect, it, vi } from 'vitest';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { PatientJobStore, retryThroughStorageOutage } from '../../../src/jobs/patient-job-store';
import type { RetryClock } from '../../../src/net/retry';

class SteppingClock implements RetryClock {
  readonly sleeps: number[] = [];
  private time = 0;
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}

const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10000'), { code: 'ECONNREFUSED' });
const busy = (retryAfter: string): Error =>
  Object.assign(new Error('The server is busy.'), { statusCode: 503, response: { headers: new Headers({ 'Retry-After': retryAfter }) } });

describe('retryThroughStorageOutage', () => {
  it('retries while storage is unreachable and tells of the outage once', async () => {
    const clock = new SteppingClock();
    const onOutage = vi.fn();
    const call = vi.fn<() => Promise<string>>().mockRejectedValueOnce(unreachable).mockRejectedValueOnce(unreachable).mockResolvedValue('ok');
    await expect(retryThroughStorageOutage(call, { patienceMs: 60_000, clock, onOutage })).resolves.toBe('ok');
    expect(call).toHaveBeenCalledTimes(3);
    expect(onOutage).toHaveBeenCalledTimes(1);
    expect(onOutage).toHaveBeenCalledWith(unreachable);
    expect(clock.sleeps).toHaveLength(2);
    for (const ms of clock.sleeps) expect(ms).toBeLessThanOrEqual(10_000);
  });

  it("honours the service's Retry-After", async () => {
    const clock = new SteppingClock();
    const call = vi.fn<() => Promise<string>>().mockRejectedValueOnce(busy('4')).mockResolvedValue('ok');
    await retryThroughStorageOutage(call, { patienceMs: 60_000, clock });
    expect(clock.sleeps).toEqual([4_000]);
  });

  it('passes on the error once the patience runs out', async () => {
    const clock = new SteppingClock();
    const call = vi.fn<() => Promise<string>>().mockRejectedValue(unreachable);
    await expect(retryThroughStorageOutage(call, { patienceMs: 30_000, clock })).rejects.toBe(unreachable);
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(30_000);
  });

  it('does not retry a refusal', async () => {
    const clock = new SteppingClock();
    const conflict = Object.assign(new Error('conflict'), { statusCode: 409 });
    const call = vi.fn<() => Promise<string>>().mockRejectedValue(conflict);
    await expect(retryThroughStorageOutage(call, { patienceMs: 30_000, clock })).rejects.toBe(conflict);
    expect(call).toHaveBeenCalledTimes(1);
  });
});

describe('PatientJobStore', () => {
  it("retries a call through an outage and names the call that waited", async () => {
    const clock = new SteppingClock();
    const inner = new MemoryJobStore();
    vi.spyOn(inner, 'getJob').mockRejectedValueOnce(unreachable);
    const outages: string[] = [];
    const store = new PatientJobStore(inner, { patienceMs: 60_000, clock, onOutage: (_error, what) => outages.push(what) });
    await expect(store.getJob('missing')).resolves.toBeUndefined();
    expect(outages).toEqual(['getJob']);
  });
});
