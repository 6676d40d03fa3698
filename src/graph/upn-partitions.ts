/** One slice of a partitioned listing: its `$filter` clause, or undefined for the whole collection. */
export interface ListPartition {
  index: number;
  filter: string | undefined;
}

export interface RangePartition extends ListPartition {
  index: number;
  /** Inclusive lower boundary; absent for the first partition. */
  lower?: string;
  /** Exclusive upper boundary; absent for the last partition. */
  upper?: string;
  /** `$filter` clause selecting exactly this range, or undefined for the single whole-range partition. */
  filter: string | undefined;
}

export interface PrefixPartition extends ListPartition {
  /** The first character this partition takes; absent for the last one, which takes every other first character. */
  prefix?: string;
}

const BOUNDARY = /^[0-9a-z][0-9a-z.]*$/;

/**
 * Splits all values of a string property into disjoint, covering ranges using only `ge` and `not`, which Graph
 * documents for userPrincipalName (`not` makes it an advanced query: send ConsistencyLevel: eventual and $count).
 *
 * Why the cover is exact whatever collation the service uses: with boundaries b1 < … < bn, let Pj(s) = (s ge bj).
 * Partition i is Pi ∧ ¬Pi+1 (P0 = true, Pn+1 = false). If the service's `ge` is a total preorder in which the
 * boundaries ascend, Pj(s) is true for exactly j = 1..k for some k, so s is in partition k and no other. Boundaries
 * are restricted to [0-9a-z] and '.' and strictly ascending in code-unit order: on those characters ordinal,
 * case-folded and ICU root orders all agree ('.' < digits < letters), so they ascend in the service's order too.
 */
export function rangePartitions(boundaries: readonly string[], property = 'userPrincipalName'): RangePartition[] {
  boundaries.forEach((b, i) => {
    if (!BOUNDARY.test(b)) throw new RangeError(`Partition boundary '${b}' must be a lower-case letter or digit followed by letters, digits or dots`);
    const previous = boundaries[i - 1];
    if (previous !== undefined && !(previous < b)) {
      throw new RangeError(`Partition boundaries must strictly ascend: '${previous}' then '${b}'`);
    }
  });
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(property)) throw new RangeError(`Not a property name: ${property}`);
  const ge = (b: string): string => `${property} ge '${b}'`;
  const partitions: RangePartition[] = [];
  for (let i = 0; i <= boundaries.length; i++) {
    const lower = i === 0 ? undefined : boundaries[i - 1];
    const upper = boundaries[i];
    const clauses: string[] = [];
    if (lower !== undefined) clauses.push(ge(lower));
    if (upper !== undefined) clauses.push(`not(${ge(upper)})`);
    partitions.push({
      index: i,
      ...(lower !== undefined ? { lower } : {}),
      ...(upper !== undefined ? { upper } : {}),
      filter: clauses.length > 0 ? clauses.join(' and ') : undefined,
    });
  }
  return partitions;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

/**
 * Boundaries sized for a listing of about `total` objects: none for small listings, one per initial letter for
 * medium ones, and initial letter × common second letters (vowels split names evenly) for large tenants.
 */
export function defaultBoundaries(total: number, pageSize = 999): string[] {
  if (total <= pageSize * 5) return [];
  if (total <= 100_000) return LETTERS.slice(1);
  const fine: string[] = [];
  for (const letter of LETTERS) {
    if (letter !== 'a') fine.push(letter);
    for (const second of ['e', 'i', 'o', 'u']) fine.push(letter + second);
  }
  return fine;
}

/**
 * Boundaries that split a sample of values (e.g. one unordered page of UPNs) into `partitions` ranges of about
 * equal size. Boundaries are lower-cased [0-9a-z.] prefixes of sample values, so they stay valid for rangePartitions;
 * the balance is approximate (the service may order other characters differently), the cover is still exact.
 */
export function sampleBoundaries(sample: readonly string[], partitions: number, maxLength = 10): string[] {
  const keys = sample
    .map((value) => (/^[0-9a-z][0-9a-z.]*/.exec(value.toLowerCase())?.[0] ?? '').slice(0, maxLength))
    .filter((key) => key.length > 0)
    .sort();
  const boundaries: string[] = [];
  for (let i = 1; i < partitions; i++) {
    const key = keys[Math.floor((i * keys.length) / partitions)];
    const previous = boundaries[boundaries.length - 1];
    if (key !== undefined && (previous === undefined || previous < key)) boundaries.push(key);
  }
  return boundaries;
}

const PREFIX_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
// Graph caps the OR clauses of one expression at 15; the residue negates the prefixes in groups below that.
const OR_GROUP = 12;

/**
 * Splits all values of a string property into disjoint, covering partitions with `startswith` only, for tenants that
 * refuse `ge` on it: one partition per letter and digit, and a last one for every other first character (`_`, `-`,
 * `'`, non-ASCII…), written as the negation of all the others (`not` makes it an advanced query).
 *
 * Why the cover is exact whatever collation the service uses: the last partition is, by construction, exactly the
 * values no other partition takes, judged by the same service. The others are disjoint because no value can start
 * with two different single letters or digits (`startswith` ignores case, so 'a' takes 'A…' as well).
 */
export function prefixPartitions(property = 'userPrincipalName'): PrefixPartition[] {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(property)) throw new RangeError(`Not a property name: ${property}`);
  const startsWith = (prefix: string): string => `startswith(${property},'${prefix}')`;
  const partitions: PrefixPartition[] = PREFIX_CHARACTERS.map((prefix, index) => ({ index, prefix, filter: startsWith(prefix) }));
  const groups: string[] = [];
  for (let i = 0; i < PREFIX_CHARACTERS.length; i += OR_GROUP) {
    groups.push(`not(${PREFIX_CHARACTERS.slice(i, i + OR_GROUP).map(startsWith).join(' or ')})`);
  }
  partitions.push({ index: PREFIX_CHARACTERS.length, filter: groups.join(' and ') });
  return partitions;
}
