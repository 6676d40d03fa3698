import { createHash } from 'node:crypto';

/**
 * Throughput between the 10th and 90th percentile completions: the rate the run sustains once started, without the
 * opening burst the pacer allows or the tail of the last retries.
 */
export function steadyRate(completionTimesMs: readonly number[]): number | undefined {
  if (completionTimesMs.length < 10) return undefined;
  const sorted = [...completionTimesMs].sort((a, b) => a - b);
  const lo = Math.floor(sorted.length * 0.1);
  const hi = Math.floor(sorted.length * 0.9);
  const from = sorted[lo] as number;
  const to = sorted[hi] as number;
  if (to <= from) return undefined;
  return ((hi - lo) * 1000) / (to - from);
}

/** Order-independent fingerprint of a set of object ids. */
export function idChecksum(ids: Iterable<string>): string {
  const sorted = [...ids].map((id) => id.toLowerCase()).sort();
  const hash = createHash('sha256');
  for (const id of sorted) hash.update(`${id}\n`);
  return hash.digest('hex');
}

/** How many times each key occurs. */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function ratio(value: number, reference: number): number | null {
  return reference > 0 && Number.isFinite(value) ? round(value / reference, 2) : null;
}

export const MB = 1024 * 1024;

/** The p-th percentile (nearest rank) of some values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** The most events inside any window of `windowMs` (a window starting at each event, end excluded). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && (sorted[end] as number) < (sorted[start] as number) + windowMs) end++;
    most = Math.max(most, end - start);
  }
  return most;
}
