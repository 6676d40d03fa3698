import { describe, expect, it } from 'vitest';
import { buildAdministrativeUnit } from '../../../src/sandbox/tenant/builders';
import { ObjectCollection } from '../../../src/sandbox/tenant/object-collection';

function unit(id: string) {
  return buildAdministrativeUnit({ id, displayName: id });
}

function activeIds(collection: ObjectCollection<'administrativeUnit'>, start = 0): string[] {
  return [...collection.iterate('active', start)].map(([, object]) => object.data.id);
}

describe('ObjectCollection', () => {
  it('iterates in insertion order and resumes from a position', () => {
    const collection = new ObjectCollection('administrativeUnit');
    for (const id of ['a', 'b', 'c', 'd']) collection.addActive(unit(id));
    expect(activeIds(collection)).toEqual(['a', 'b', 'c', 'd']);
    const positions = [...collection.iterate('active')].map(([position]) => position);
    expect(activeIds(collection, positions[2])).toEqual(['c', 'd']);
  });

  it('skips deleted objects and lists a restored one once, at its new place', () => {
    const collection = new ObjectCollection('administrativeUnit');
    for (const id of ['a', 'b', 'c']) collection.addActive(unit(id));
    collection.moveToDeleted('b');
    expect(activeIds(collection)).toEqual(['a', 'c']);
    expect([...collection.iterate('deleted')].map(([, o]) => o.data.id)).toEqual(['b']);
    collection.moveToActive('b');
    expect(activeIds(collection)).toEqual(['a', 'c', 'b']);
    expect([...collection.iterate('deleted')]).toEqual([]);
    collection.moveToDeleted('b');
    expect(collection.purge('b')?.data.id).toBe('b');
    expect(collection.purge('b')).toBeUndefined();
  });
});
