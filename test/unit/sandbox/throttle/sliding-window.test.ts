import { describe, it, expect } from 'vitest';
import { SlidingWindow } from '../../../../src/sandbox/throttle/sliding-window';

describe('SlidingWindow', () => {
  it('forgets a charge exactly one window after it was made', () => {
    const window = new SlidingWindow(10, 1000);
    window.add(0, 4);
    window.add(500, 3);
    expect(window.usage(999)).toBe(7);
    expect(window.usage(1000)).toBe(3);
    expect(window.usage(1500)).toBe(0);
  });

  it('says how long until a charge fits', () => {
    const window = new SlidingWindow(10, 1000);
    window.add(0, 6);
    window.add(400, 4);
    expect(window.msUntilFits(500, 0)).toBe(0);
    expect(window.msUntilFits(500, 1)).toBe(500);
    expect(window.msUntilFits(500, 7)).toBe(900);
    expect(window.msUntilFits(500, 11)).toBe(1000);
  });

  it('keeps working after compacting a long history', () => {
    const window = new SlidingWindow(5, 10);
    for (let t = 0; t < 5000; t += 1) window.add(t, 1);
    expect(window.usage(4999)).toBe(10);
    expect(window.usage(5008)).toBe(1);
  });
});
