import type { Random } from './prng';

export type LatencyMode = 'none' | 'realistic';

/**
 * Realistic mode: about 1.5 s for a 999-row page, 150–300 ms for a write and 60–120 ms for a single read, each jittered
 * by ±20 %, all divided by the time scale.
 */
export class LatencyModel {
  constructor(
    private readonly mode: LatencyMode,
    private readonly timeScale: number,
    private readonly random: Random,
  ) {}

  forRequest(method: string, rowsReturned: number | undefined): number {
    if (this.mode === 'none') return 0;
    let base: number;
    if (method !== 'GET') base = 150 + this.random() * 150;
    else if (rowsReturned !== undefined) base = 120 + 1.4 * rowsReturned;
    else base = 60 + this.random() * 60;
    const jitter = 0.8 + this.random() * 0.4;
    return (base * jitter) / this.timeScale;
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
