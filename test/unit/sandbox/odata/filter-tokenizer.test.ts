import { describe, it, expect } from 'vitest';
import { tokenizeFilter, type FilterToken } from '../../../../src/sandbox/odata/filter-tokenizer';

function kinds(text: string): string[] {
  const result = tokenizeFilter(text);
  if (!result.ok) throw new Error(`unexpected error at ${result.position}`);
  return result.tokens.map((t: FilterToken) => ('value' in t ? `${t.kind}:${String(t.value)}` : t.kind));
}

describe('tokenizeFilter', () => {
  it('tells GUIDs, date-times, numbers and identifiers apart', () => {
    expect(kinds('skuId eq c7df2760-2c81-4ef7-b578-5b5392b571df')).toEqual(['identifier:skuId', 'identifier:eq', 'guid:c7df2760-2c81-4ef7-b578-5b5392b571df', 'end']);
    expect(kinds('createdDateTime ge 2021-11-01T08:30:00.123Z')).toEqual(['identifier:createdDateTime', 'identifier:ge', 'dateTime:2021-11-01T08:30:00.123Z', 'end']);
    expect(kinds('d le 2021-11-01')).toEqual(['identifier:d', 'identifier:le', 'dateTime:2021-11-01', 'end']);
    expect(kinds('n eq -12.5')).toEqual(['identifier:n', 'identifier:eq', 'number:-12.5', 'end']);
    expect(kinds('assignedLicenses/$count eq 0')).toEqual(['identifier:assignedLicenses', 'punct:/', 'identifier:$count', 'identifier:eq', 'number:0', 'end']);
  });

  it("reads string literals with '' escapes", () => {
    expect(kinds("displayName eq 'it''s ''quoted'''")).toEqual(['identifier:displayName', 'identifier:eq', "string:it's 'quoted'", 'end']);
    expect(kinds("x eq ''")).toEqual(['identifier:x', 'identifier:eq', 'string:', 'end']);
  });

  it('reports the position of a character it cannot read', () => {
    expect(tokenizeFilter("displayName eq 'x' & y")).toEqual({ ok: false, position: 19, character: '&' });
    expect(tokenizeFilter("displayName eq 'open")).toEqual({ ok: false, position: 15, character: "'" });
  });
});
