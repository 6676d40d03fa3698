import { percentDone } from './format';

export interface ProgressBarData {
  percent: number;
  hasDone: boolean;
  hasRest: boolean;
  doneWeight: number;
  restWeight: number;
  /** The bar as text: one line of block characters, done cells coloured, the rest subtle. */
  doneText: string;
  restText: string;
}

export const BAR_CELLS = 30;
const CELL = '\u2588';

/**
 * A bar of text cells, drawn the same by every renderer (styled empty containers collapse or grow in some), and
 * the weights of the same split. At 0 % and 100 % the empty side is omitted (the template drops it with `$when`).
 */
export function progressBarData(done: number, total: number): ProgressBarData {
  const percent = percentDone(done, total);
  // Any progress shows at least one cell, and the bar is full only when everything is done.
  const doneCells = percent === 0 ? 0 : percent === 100 ? BAR_CELLS : Math.min(BAR_CELLS - 1, Math.max(1, Math.round((percent * BAR_CELLS) / 100)));
  return {
    percent,
    hasDone: percent > 0,
    hasRest: percent < 100,
    doneWeight: Math.max(percent, 1),
    restWeight: Math.max(100 - percent, 1),
    doneText: CELL.repeat(doneCells),
    restText: CELL.repeat(BAR_CELLS - doneCells),
  };
}
