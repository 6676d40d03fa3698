import type { PropertyValue, UpdatableProperty } from './update-users-row';

/** A property's value as the diff shows it and the results file records it. */
export type CellValue = string | boolean | null;

/** One cell that differs from the directory. */
export interface CellChange {
  property: UpdatableProperty | 'manager';
  old: CellValue;
  new: CellValue;
}

/** The directory's value in the row's terms: businessPhones is its one number, blanks are null. */
export function currentValue(property: UpdatableProperty, raw: unknown): CellValue {
  if (property === 'businessPhones') {
    const first: unknown = Array.isArray(raw) ? raw[0] : undefined;
    return typeof first === 'string' && first !== '' ? first : null;
  }
  if (typeof raw === 'boolean') return raw;
  return typeof raw === 'string' && raw !== '' ? raw : null;
}

/** The cells of `changes` that differ from the user's current values, in the row's order. */
export function propertyChanges(changes: Partial<Record<UpdatableProperty, PropertyValue>>, current: Partial<Record<UpdatableProperty, unknown>>): CellChange[] {
  const differing: CellChange[] = [];
  for (const [property, wanted] of Object.entries(changes) as [UpdatableProperty, PropertyValue][]) {
    const old = currentValue(property, current[property]);
    if (old !== wanted) differing.push({ property, old, new: wanted });
  }
  return differing;
}

/** The PATCH body for the changed properties: null clears, businessPhones is a one-number collection. */
export function patchBody(changes: readonly CellChange[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const change of changes) {
    if (change.property === 'manager') continue;
    body[change.property] = change.property === 'businessPhones' ? (change.new === null ? [] : [change.new]) : change.new;
  }
  return body;
}

function shown(value: CellValue): string {
  return value === null ? '(empty)' : String(value);
}

/** "department: Sales → Marketing; city: Tulsa → Seattle" */
export function describeChanges(changes: readonly CellChange[]): string {
  return changes.map((c) => `${c.property}: ${shown(c.old)} → ${shown(c.new)}`).join('; ');
}

/** Old or new values by property, as JSON for the job's work and the results file. */
export function valuesJson(changes: readonly CellChange[], side: 'old' | 'new'): string {
  return JSON.stringify(Object.fromEntries(changes.map((c) => [c.property, c[side]])));
}
