import { describe, it, expect } from 'vitest';
import { matchesSearch, searchTokens, type SearchNode } from '../../../../src/sandbox/odata/search';
import { parseSearch } from '../../../../src/sandbox/odata/search-parser';
import type { EntityKind } from '../../../../src/sandbox/odata/entity-schema';

function parse(text: string, entity: EntityKind = 'user'): SearchNode {
  const result = parseSearch(text, entity);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.value;
}

describe('search tokenizer (search-query-parameter.md examples)', () => {
  it('splits on spaces, lower-to-upper case changes, digits and symbols', () => {
    expect(searchTokens('hello world', false)).toEqual(['hello', 'world']);
    expect(searchTokens('HelloWorld', false)).toEqual(['hello', 'world']);
    expect(searchTokens('helloWORLD', false)).toEqual(['hello', 'world']);
    expect(searchTokens('HELLOworld', false)).toEqual(['helloworld']);
    expect(searchTokens('HelloWORld', false)).toEqual(['hello', 'world']);
    expect(searchTokens('hello123world', false)).toEqual(['hello', '123', 'world']);
    expect(searchTokens('hello.world', true)).toEqual(['hello', 'world', 'helloworld']);
  });
});

describe('matchesSearch', () => {
  const adele = { displayName: 'Adele Vance', mail: 'AdeleV@contoso.onmicrosoft.com', userPrincipalName: 'AdeleV@contoso.onmicrosoft.com' };
  const megan = { displayName: 'Megan Bowen', mail: 'MeganB@contoso.onmicrosoft.com', userPrincipalName: 'MeganB@contoso.onmicrosoft.com' };
  const names = (node: SearchNode): string[] => [adele, megan].filter((u) => matchesSearch(node, u)).map((u) => u.displayName);

  it('matches displayName tokens by prefix, in any order and case', () => {
    expect(names(parse('"displayName:ade"'))).toEqual(['Adele Vance']);
    expect(names(parse('"displayName:vance adele"'))).toEqual(['Adele Vance']);
    expect(names(parse('"displayName:BOW"'))).toEqual(['Megan Bowen']);
    expect(names(parse('"displayName:ance"'))).toEqual([]);
  });

  it('matches the documented non-ASCII example in any order', () => {
    const li = { displayName: '李四(David Li)' };
    for (const text of ['李四(David Li)', '李四', 'David', 'Li', 'David)', '(李四', 'Li 李']) {
      expect(matchesSearch(parse(`"displayName:${text}"`), li), text).toBe(true);
    }
    expect(matchesSearch(parse('"displayName:Lee"'), li)).toBe(false);
  });

  it('matches other properties with startsWith', () => {
    expect(names(parse('"mail:meganb"'))).toEqual(['Megan Bowen']);
    expect(names(parse('"mail:contoso"'))).toEqual([]);
  });

  it('combines clauses with AND, OR and parentheses', () => {
    expect(names(parse('"displayName:adele" OR "mail:megan"'))).toEqual(['Adele Vance', 'Megan Bowen']);
    expect(names(parse('"displayName:adele" AND "mail:megan"'))).toEqual([]);
    expect(names(parse('"mail:x" AND ("displayName:adele" OR "displayName:megan") OR "mail:adele"'))).toEqual(['Adele Vance']);
  });

  it('matches tokenized description on groups and symbols-joined words', () => {
    const node = parse('"description:helloworld"', 'group');
    expect(matchesSearch(node, { description: 'the hello-world team' })).toBe(true);
    expect(matchesSearch(node, { description: 'hello there world' })).toBe(false);
  });
});

describe('parseSearch errors', () => {
  const error = (text: string, entity: EntityKind = 'user'): string => {
    const result = parseSearch(text, entity);
    if (result.ok) throw new Error(`expected an error for ${text}`);
    expect(result.error.status).toBe(400);
    return result.error.message;
  };

  it('requires quoted clauses with a property and upper-case operators', () => {
    expect(error('displayName:adele')).toContain('not valid');
    expect(error('"displayName:adele" and "mail:x"')).toContain('not valid');
    expect(error('"adele"')).toContain('must name a property');
    expect(error('"displayName:adele')).toContain('not valid');
    expect(error('("displayName:adele"')).toContain('not valid');
  });

  it('refuses properties that cannot be filtered', () => {
    expect(error('"aboutMe:x"')).toBe("Unsupported or invalid query filter clause specified for property 'aboutMe' of resource 'User'.");
  });

  it('unescapes backslash-escaped quotes', () => {
    expect(parse('"displayName:say \\"hi\\""')).toEqual({ kind: 'term', property: 'displayName', text: 'say "hi"' });
  });
});
