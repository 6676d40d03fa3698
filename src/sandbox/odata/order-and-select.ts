import { compareText } from './filter';

export interface OrderByClause {
  property: string;
  descending: boolean;
}

type Row = Record<string, unknown>;

/** Nulls sort last ascending (first descending); strings compare case-insensitively, as directory sorting does. */
export function compareBy(orderBy: readonly OrderByClause[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const clause of orderBy) {
      const order = compareScalar(a[clause.property], b[clause.property]);
      if (order !== 0) return clause.descending ? -order : order;
    }
    return 0;
  };
}

function compareScalar(a: unknown, b: unknown): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return compareText(String(a), String(b));
}

/**
 * The response shape for one object: `id` always, `@odata.*` annotations kept, then either the selected
 * properties (null when the object has no value, as Graph returns them) or the default set.
 * `defaults` undefined means "every property the object has" (Graph's default for groups, apps, ...).
 */
export function applySelect<T extends Row>(obj: T, select: readonly string[] | undefined, defaults: readonly string[] | undefined): Partial<T> {
  const out: Row = {};
  for (const key of Object.keys(obj)) {
    if (key.startsWith('@odata.')) out[key] = obj[key];
  }
  if ('id' in obj) out['id'] = obj['id'];
  const wanted = select ?? defaults;
  if (wanted === undefined) {
    for (const [key, value] of Object.entries(obj)) out[key] = value;
    return out as Partial<T>;
  }
  for (const property of wanted) {
    if (property === 'id') continue;
    const value = obj[property];
    // Defaults only list what the object has; an explicit $select returns null for an unset property.
    if (value !== undefined) out[property] = value;
    else if (select !== undefined) out[property] = null;
  }
  return out as Partial<T>;
}
