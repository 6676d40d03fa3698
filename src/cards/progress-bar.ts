import { percentDone } from './format';

export interface ProgressBarData {
  percent: number;
  hasDone: boolean;
  hasRest: boolean;
  doneWeight: number;
  restWeight: number;
}

/**
 * Column weights for a two-column bar. A column weight of 0 is invalid, so at 0 % and 100 % the empty side is
 * omitted (the template drops it with `$when`).
 */
export function progressBarData(done: number, total: number): ProgressBarData {
  const percent = percentDone(done, total);
  return {
    percent,
    hasDone: percent > 0,
    hasRest: percent < 100,
    doneWeight: Math.max(percent, 1),
    restWeight: Math.max(100 - percent, 1),
  };
}
