import { describe, expect, it } from 'vitest';
import { Pacer, SendLog, TokenBucket } from '../../../src/graph/pacer';
import { ThrottleController } from '../../../src/graph/throttle-controller';
import { VirtualClock } from './support';

describe('TokenBucket', () => {
  it('grants a full bucket at once, then makes callers wait in order at the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(20, 20, () => now);
    expect(bucket.reserve(20)).toBe(0);
    expect(bucket.reserve(20)).toBe(1_000);
    expect(bucket.reserve(10)).toBe(1_500);
    now = 1_500;
    expect(bucket.reserve(1)).toBe(50);
  });

  it('never accumulates more than its capacity', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    bucket.reserve(5);
    now = 60_000;
    expect(bucket.reserve(5)).toBe(0);
    expect(bucket.reserve(1)).toBe(100);
  });

  it('restarts empty after a pause, as the server bucket does after a 429', () => {
    const bucket = new TokenBucket(10, 10, () => 0);
    bucket.pauseUntil(5_000);
    expect(bucket.reserve(10)).toBe(6_000);
  });

  it('rejects nonsense rates', () => {
    expect(() => new TokenBucket(0, 1, () => 0)).toThrow(RangeError);
  });
});

describe('SendLog', () => {
  it('counts a send from when it left, not from its late response', () => {
    let now = 0;
    const log = new SendLog(150, 5_000, 50);
    const settle = log.record(0, 150, () => now);
    now = 2_000;
    settle();
    expect(log.msUntilFits(now, 20)).toBe(3_050);
    expect(log.msUntilFits(5_050, 20)).toBe(0);
  });

  it('takes a fast response as the latest the send can have arrived', () => {
    let now = 0;
    const log = new SendLog(150, 5_000, 50);
    const settle = log.record(0, 150, () => now);
    now = 10;
    settle();
    expect(log.msUntilFits(now, 1)).toBe(5_000);
  });

  it('keeps counting a send whose response has not come back', () => {
    const log = new SendLog(150, 5_000, 50);
    log.record(0, 150, () => 0);
    expect(log.msUntilFits(60_000, 1)).toBeGreaterThan(0);
  });

  it('waits only until enough earlier sends have left the window', () => {
    let now = 0;
    const log = new SendLog(150, 5_000, 0);
    log.record(0, 100, () => now)();
    now = 1_000;
    log.record(1_000, 50, () => now)();
    expect(log.msUntilFits(1_000, 60)).toBe(4_000);
    expect(log.msUntilFits(5_000, 60)).toBe(0);
  });
});

describe('Pacer', () => {
  it('applies rate scale and headroom to the documented budgets', () => {
    const pacer = new Pacer({ rateScale: 10, headroom: 0.9 }, new VirtualClock());
    expect(pacer.rateFor('write')).toBeCloseTo(180);
    expect(pacer.rateFor('invitation')).toBeCloseTo(270);
    expect(pacer.rateFor('read')).toBeUndefined();
  });

  it('spaces batches of writes at the write rate in virtual time', async () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ writesPerSecond: 20, headroom: 1, burst: 20 }, clock);
    for (let i = 0; i < 10; i++) (await pacer.acquire('write', 20))();
    expect(clock.now()).toBe(9_000);
  });

  it("keeps every window of the server's budget inside its limit, even with a large burst allowed", async () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ invitationsPerSecond: 30, headroom: 1, burst: 1_000 }, clock);
    const sends: number[] = [];
    for (let i = 0; i < 100; i++) {
      const settle = await pacer.acquire('invitation', 10);
      sends.push(clock.now());
      await clock.sleep(100);
      settle();
    }
    for (const start of sends) {
      const inWindow = sends.filter((t) => t >= start && t < start + 5_000).length * 10;
      expect(inWindow).toBeLessThanOrEqual(150);
    }
    expect(sends.length * 10).toBe(1_000);
  });

  it('defaults the burst to what the window leaves after the paced rate', async () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ writesPerSecond: 20, headroom: 0.95 }, clock);
    (await pacer.acquire('write', 150))();
    expect(clock.now()).toBe(0);
    (await pacer.acquire('write', 19))();
    expect(clock.now()).toBe(1_000);
  });

  it('reaches 90 % of the invitation budget one batch at a time, and keeps every 5-s window inside it', async () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ invitationsPerSecond: 30 }, clock);
    const sends: number[] = [];
    for (let i = 0; i < 150; i++) {
      const settle = await pacer.acquire('invitation', 20);
      sends.push(clock.now());
      await clock.sleep(300);
      settle();
    }
    expect(3_000 / (clock.now() / 1000)).toBeGreaterThanOrEqual(27);
    for (const start of sends) {
      expect(sends.filter((t) => t >= start && t < start + 5_000).length * 20).toBeLessThanOrEqual(150);
    }
  });

  it('holds back reservations made before a pause until the pause ends', async () => {
    const clock = new VirtualClock();
    const pacer = new Pacer({ writesPerSecond: 20, headroom: 1 }, clock);
    (await pacer.acquire('write', 20))();
    const waiting = pacer.acquire('write', 20);
    pacer.pause('write', 10_000);
    await waiting;
    expect(clock.now()).toBeGreaterThanOrEqual(10_000);
  });
});

describe('ThrottleController (AIMD)', () => {
  function setup(): { clock: VirtualClock; pacer: Pacer; controller: ThrottleController; advance: (ms: number) => void } {
    let offset = 0;
    const clock = new VirtualClock();
    const pacer = new Pacer({ writesPerSecond: 20, headroom: 1 }, clock);
    const controller = new ThrottleController(pacer, () => clock.now() + offset, {
      initialConcurrency: 8,
      maxConcurrency: 8,
      decreaseCooldownMs: 1_000,
    });
    return { clock, pacer, controller, advance: (ms) => (offset += ms) };
  }

  it('halves concurrency and cuts the rate once per throttling episode', () => {
    const { controller, pacer } = setup();
    controller.onThrottled('write', 2_000);
    expect(controller.concurrency).toBe(4);
    expect(pacer.rateFor('write')).toBeCloseTo(16);
    controller.onThrottled('write', 2_000);
    expect(controller.concurrency).toBe(4);
  });

  it('recovers additively on clean batches after the cooldown, but not above the maximum', () => {
    const { controller, pacer, advance } = setup();
    controller.onThrottled('write', 0);
    controller.onCleanBatch();
    controller.onCleanBatch();
    expect(controller.concurrency).toBe(4);
    advance(1_500);
    controller.onCleanBatch();
    expect(controller.concurrency).toBe(5);
    for (let i = 0; i < 50; i++) controller.onCleanBatch();
    expect(controller.concurrency).toBe(8);
    expect(pacer.currentFactor).toBe(1);
  });

  it('holds at a throttle-limit percentage of 0.9 and backs off at 1.0 or more', () => {
    const { controller } = setup();
    controller.onLimitPercentage(0.95);
    controller.onCleanBatch();
    expect(controller.concurrency).toBe(8);
    controller.onLimitPercentage(1.2);
    expect(controller.concurrency).toBe(4);
  });
});
