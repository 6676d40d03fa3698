import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdSet } from '../../../src/graph/id-set';

describe('IdSet', () => {
  it('remembers tens of thousands of GUIDs exactly, ignoring case, and nothing else', () => {
    const set = new IdSet();
    const added = Array.from({ length: 50_000 }, () => randomUUID());
    for (const id of added) set.add(id);
    for (const id of added.slice(0, 1_000)) set.add(id.toUpperCase());
    expect(set.size).toBe(50_000);
    expect(added.every((id) => set.has(id) && set.has(id.toUpperCase()))).toBe(true);
    expect(Array.from({ length: 50_000 }, () => randomUUID()).some((id) => set.has(id))).toBe(false);
    expect(set.has('00000000-0000-0000-0000-000000000000')).toBe(false);
    set.add('00000000-0000-0000-0000-000000000000');
    expect(set.has('00000000-0000-0000-0000-000000000000')).toBe(true);
  });

  it('keeps ids that are not GUIDs too', () => {
    const set = new IdSet();
    set.add('id-1');
    expect(set.has('ID-1')).toBe(true);
    expect(set.has('id-2')).toBe(false);
    expect(set.size).toBe(1);
  });
});
