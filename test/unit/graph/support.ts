import type { Clock } from '../../../src/graph/clock';

/** Seeded PRNG (mulberry32), so property-style tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time: a sleep registers a timer, and once every pending microtask has run (setImmediate) the earliest
 * timer fires and the clock jumps to it. Code under test sees realistic waits that take no real time.
 */
export class VirtualClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers: Timer[] = [];
  private scheduled = false;
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer: Timer = { at: this.time + ms, seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.time = Math.max(this.time, next.at);
      next.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}

type RangeNode = { op: 'ge'; literal: string } | { op: 'not'; inner: RangeNode } | { op: 'and'; left: RangeNode; right: RangeNode };

/** A minimal parser for the `$filter` clauses rangePartitions emits: ge, not(…), and, parentheses. */
export function compileRangeFilter(filter: string, compare: (a: string, b: string) => number): (value: string) => boolean {
  const tokens = filter.match(/'(?:[^']|'')*'|\(|\)|[A-Za-z]+/g) ?? [];
  let pos = 0;
  const take = (): string => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`unexpected end of filter: ${filter}`);
    return t;
  };
  const expect = (wanted: string): void => {
    const t = take();
    if (t !== wanted) throw new Error(`expected ${wanted}, got ${t} in ${filter}`);
  };
  const primary = (): RangeNode => {
    const t = take();
    if (t === 'not') {
      expect('(');
      const inner = expr();
      expect(')');
      return { op: 'not', inner };
    }
    if (t === '(') {
      const inner = expr();
      expect(')');
      return inner;
    }
    const op = take();
    if (op !== 'ge') throw new Error(`unsupported operator ${op}`);
    return { op: 'ge', literal: take().slice(1, -1).replace(/''/g, "'") };
  };
  const expr = (): RangeNode => {
    let node = primary();
    while (tokens[pos] === 'and') {
      pos++;
      node = { op: 'and', left: node, right: primary() };
    }
    return node;
  };
  const root = expr();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${filter}`);
  const evaluate = (node: RangeNode, value: string): boolean => {
    switch (node.op) {
      case 'ge':
        return compare(value, node.literal) >= 0;
      case 'not':
        return !evaluate(node.inner, value);
      case 'and':
        return evaluate(node.left, value) && evaluate(node.right, value);
    }
  };
  return (value) => evaluate(root, value);
}
