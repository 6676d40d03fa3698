import { describe, expect, it } from 'vitest';
import { defaultBoundaries, prefixPartitions, rangePartitions, sampleBoundaries } from '../../../src/graph/upn-partitions';
import { compileRangeFilter, seededRandom } from './support';

const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const COMPARATORS: Record<string, (a: string, b: string) => number> = {
  ordinal,
  'lower-case fold': (a, b) => ordinal(a.toLowerCase(), b.toLowerCase()),
  'upper-case fold': (a, b) => ordinal(a.toUpperCase(), b.toUpperCase()),
  'ICU en': new Intl.Collator('en').compare,
  'ICU en, base sensitivity (a preorder)': new Intl.Collator('en', { sensitivity: 'base' }).compare,
  'ICU sv': new Intl.Collator('sv').compare,
};

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...".-_@'#$!~^",
  ...'éüßøåÆÇñΩЖ中日😀',
  ' ',
  '\u0000',
];

function randomStrings(count: number, seed: number, extra: readonly string[]): string[] {
  const random = seededRandom(seed);
  const pick = (): string => ALPHABET[Math.floor(random() * ALPHABET.length)] ?? 'a';
  const out = [...extra, ...extra.map((s) => s.toUpperCase()), ...extra.map((s) => `${s}\u0000`), ''];
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(random() * 12);
    let s = '';
    for (let j = 0; j < length; j++) s += pick();
    if (random() < 0.3) s = `${extra[Math.floor(random() * extra.length)] ?? ''}${s}`;
    out.push(random() < 0.5 ? `${s}@contoso.com` : s);
  }
  return out;
}

describe('rangePartitions', () => {
  const boundarySets: [string, string[]][] = [
    ['letters', defaultBoundaries(50_000)],
    ['letters and vowels', defaultBoundaries(500_000)],
    ['mixed digits', ['0', '5', 'a', 'a0', 'a5', 'aa', 'm', 'zz']],
    ['dotted', ['adele', 'adele.', 'adele.k', 'lee.g0', 'lee.gu', 'm.', 'megan', 'megan.b']],
  ];

  for (const [setName, boundaries] of boundarySets) {
    for (const [comparatorName, compare] of Object.entries(COMPARATORS)) {
      it(`covers every string exactly once (${setName}, ${comparatorName})`, () => {
        const partitions = rangePartitions(boundaries);
        expect(partitions).toHaveLength(boundaries.length + 1);
        const predicates = partitions.map((p) => compileRangeFilter(p.filter ?? '', compare));
        for (const value of randomStrings(3_000, boundaries.length, boundaries)) {
          const matches = predicates.filter((matches) => matches(value));
          expect(matches.length, JSON.stringify(value)).toBe(1);
        }
      });
    }
  }

  it('uses only ge, not and and, which Graph documents for userPrincipalName', () => {
    for (const p of rangePartitions(defaultBoundaries(500_000))) {
      const words = (p.filter ?? '').replace(/'[^']*'/g, '').match(/[A-Za-z]+/g) ?? [];
      expect(new Set(words.filter((w) => w !== 'userPrincipalName'))).toEqual(
        new Set(p.index === 0 ? ['not', 'ge'] : p.lower !== undefined && p.upper !== undefined ? ['ge', 'and', 'not'] : ['ge']),
      );
    }
  });

  it('writes the first, middle and last range as expected', () => {
    expect(rangePartitions(['g', 'n']).map((p) => p.filter)).toEqual([
      "not(userPrincipalName ge 'g')",
      "userPrincipalName ge 'g' and not(userPrincipalName ge 'n')",
      "userPrincipalName ge 'n'",
    ]);
    expect(rangePartitions([])).toEqual([{ index: 0, filter: undefined }]);
  });

  it('refuses boundaries whose order could differ between collations, or that do not ascend', () => {
    expect(() => rangePartitions(['b', 'B'])).toThrow(RangeError);
    expect(() => rangePartitions(['b', 'a'])).toThrow(RangeError);
    expect(() => rangePartitions(['a', 'a'])).toThrow(RangeError);
    expect(() => rangePartitions(['a_b'])).toThrow(RangeError);
    expect(() => rangePartitions(['a@b'])).toThrow(RangeError);
    expect(() => rangePartitions(['.a'])).toThrow(RangeError);
    expect(() => rangePartitions(['a'], "upn') or (1")).toThrow(RangeError);
  });
});

describe('defaultBoundaries', () => {
  it('does not partition small listings and partitions big ones finely', () => {
    expect(defaultBoundaries(4_000)).toEqual([]);
    expect(defaultBoundaries(50_000)).toHaveLength(25);
    expect(defaultBoundaries(500_000).length).toBeGreaterThan(100);
    expect(() => rangePartitions(defaultBoundaries(500_000))).not.toThrow();
  });
});

describe('sampleBoundaries', () => {
  it('places valid, ascending boundaries at the quantiles of a sample', () => {
    const sample = Array.from({ length: 1_000 }, (_, i) => `User.${String(i).padStart(4, '0')}@contoso.com`);
    const boundaries = sampleBoundaries(sample, 4);
    expect(boundaries).toEqual(['user.0250', 'user.0500', 'user.0750']);
    expect(() => rangePartitions(boundaries)).not.toThrow();
  });

  it('skips values that cannot make a boundary and never repeats one', () => {
    expect(sampleBoundaries(['_svc@x', 'é@x', 'a@x', 'a@x', 'a@x', 'b@x'], 4)).toEqual(['a', 'b']);
  });
});

type PrefixNode = { op: 'sw'; prefix: string } | { op: 'not'; inner: PrefixNode } | { op: 'and' | 'or'; left: PrefixNode; right: PrefixNode };

/** A minimal evaluator for the clauses prefixPartitions emits: startswith, not(…), or, and, with `and` binding tighter. */
function compilePrefixFilter(filter: string, startsWith: (value: string, prefix: string) => boolean): (value: string) => boolean {
  const tokens = filter.match(/'(?:[^']|'')*'|\(|\)|,|[A-Za-z]+/g) ?? [];
  let pos = 0;
  const take = (): string => tokens[pos++] ?? '';
  const primary = (): PrefixNode => {
    const t = take();
    if (t === 'not' || t === '(') {
      if (t === 'not') take();
      const inner = orExpr();
      take();
      return t === 'not' ? { op: 'not', inner } : inner;
    }
    take();
    take();
    take();
    const literal = take();
    take();
    return { op: 'sw', prefix: literal.slice(1, -1) };
  };
  const andExpr = (): PrefixNode => {
    let node = primary();
    while (tokens[pos] === 'and') {
      pos++;
      node = { op: 'and', left: node, right: primary() };
    }
    return node;
  };
  const orExpr = (): PrefixNode => {
    let node = andExpr();
    while (tokens[pos] === 'or') {
      pos++;
      node = { op: 'or', left: node, right: andExpr() };
    }
    return node;
  };
  const root = orExpr();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${filter}`);
  const evaluate = (node: PrefixNode, value: string): boolean => {
    switch (node.op) {
      case 'sw':
        return startsWith(value, node.prefix);
      case 'not':
        return !evaluate(node.inner, value);
      case 'and':
        return evaluate(node.left, value) && evaluate(node.right, value);
      case 'or':
        return evaluate(node.left, value) || evaluate(node.right, value);
    }
  };
  return (value) => evaluate(root, value);
}

describe('prefixPartitions', () => {
  const base = new Intl.Collator('en', { sensitivity: 'base' }).compare;
  const STARTS_WITH: Record<string, (value: string, prefix: string) => boolean> = {
    'case-insensitive': (value, prefix) => value.toLowerCase().startsWith(prefix),
    'case- and accent-insensitive (ICU base)': (value, prefix) => base(value.slice(0, prefix.length), prefix) === 0,
  };

  for (const [name, startsWith] of Object.entries(STARTS_WITH)) {
    it(`puts every value in exactly one partition when startswith is ${name}`, () => {
      const partitions = prefixPartitions().map((p) => compilePrefixFilter(p.filter ?? '', startsWith));
      for (const value of randomStrings(3_000, 21, ['_svc', '-x', "'q", '9', 'Zed', 'émile', 'Ünal', 'ørjan'])) {
        expect(partitions.filter((matches) => matches(value)).length, JSON.stringify(value)).toBe(1);
      }
    });
  }

  it('has one partition per letter and digit and a last one that negates them in groups below the OR cap', () => {
    const partitions = prefixPartitions();
    expect(partitions).toHaveLength(37);
    expect(partitions[0]).toEqual({ index: 0, prefix: 'a', filter: "startswith(userPrincipalName,'a')" });
    const residue = partitions[36]?.filter ?? '';
    const groups = residue.split(' and ');
    expect(groups.every((g) => g.startsWith('not(') && g.split(' or ').length <= 15)).toBe(true);
    expect(residue.match(/startswith/g)).toHaveLength(36);
    expect(() => prefixPartitions("upn') or (1")).toThrow(RangeError);
  });
});
