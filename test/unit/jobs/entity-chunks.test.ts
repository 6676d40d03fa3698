import { describe, expect, it } from 'vitest';
import { chunkProperties, joinChunks, splitIntoChunks } from '../../../src/jobs/entity-chunks';

describe('entity chunks', () => {
  it('splits long text under the Table string limit and joins it back exactly', () => {
    const text = 'a'.repeat(65_000);
    const properties = chunkProperties('input', text);
    expect(properties['inputChunks']).toBe(3);
    expect((properties['input0'] as string).length).toBe(30_000);
    expect(joinChunks(properties, 'input')).toBe(text);
  });

  it('never cuts a surrogate pair across two chunks', () => {
    const text = 'x' + '😀'.repeat(10);
    const chunks = splitIntoChunks(text, 4);
    expect(chunks.join('')).toBe(text);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk).not.toMatch(loneSurrogate);
  });

  it('reads nothing from an entity without chunks or with a missing chunk', () => {
    expect(joinChunks({}, 'result')).toBeUndefined();
    expect(joinChunks({ resultChunks: 0 }, 'result')).toBeUndefined();
    expect(joinChunks({ resultChunks: 2, result0: 'a' }, 'result')).toBeUndefined();
    expect(chunkProperties('result', '')).toEqual({ resultChunks: 0 });
  });
});
