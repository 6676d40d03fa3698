import { describe, expect, it } from 'vitest';
import { defaultBoundaries, rangePartitions, sampleBoundaries } from '../../../src/graph/upn-partitions';
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
