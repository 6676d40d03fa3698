import { describe, it, expect } from 'vitest';
import { parseQueryOptions, type QueryContext, type QueryOptions } from '../../../../src/sandbox/odata/query-options';

function parse(query: string, ctx: Partial<QueryContext> = {}): QueryOptions {
  const result = parseQueryOptions(new URLSearchParams(query), { entity: 'user', consistencyLevelEventual: false, ...ctx });
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.value;
}

function fail(query: string, ctx: Partial<QueryContext> = {}): { status: number; code: string; message: string } {
  const result = parseQueryOptions(new URLSearchParams(query), { entity: 'user', consistencyLevelEventual: false, ...ctx });
  if (result.ok) throw new Error(`expected an error for ${query}`);
  return result.error;
}

describe('$top', () => {
  it('accepts 1 to 999', () => {
    expect(parse('$top=1').top).toBe(1);
    expect(parse('$top=999').top).toBe(999);
    expect(parse('').top).toBeUndefined();
  });

  it.each(['0', '1000', '-5', 'abc', '2.5'])('refuses %s with Graph\'s page-size error', (value) => {
    expect(fail(`$top=${value}`)).toEqual({
      status: 400,
      code: 'Request_UnsupportedQuery',
      message: `Invalid page size specified: '${value}'. Must be between 1 and 999 inclusive.`,
    });
  });

  it('honours a smaller maxTop', () => {
    expect(fail('$top=200', { maxTop: 100 }).message).toBe("Invalid page size specified: '200'. Must be between 1 and 100 inclusive.");
  });
});

describe('$select', () => {
  it('canonicalizes names case-insensitively and drops duplicates', () => {
    expect(parse('$select=ID, displayname,Department,department').select).toEqual(['id', 'displayName', 'department']);
  });

  it('names an unknown property', () => {
    expect(fail('$select=id,shoeSize')).toEqual({
      status: 400,
      code: 'Request_BadRequest',
      message: "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.",
    });
  });

  it('checks against the entity kind', () => {
    expect(parse('$select=id,groupTypes,securityEnabled', { entity: 'group' }).select).toEqual(['id', 'groupTypes', 'securityEnabled']);
    expect(fail('$select=groupTypes', { entity: 'user' }).message).toContain("'groupTypes' on type 'microsoft.graph.user'");
    expect(parse('$select=id,userPrincipalName,groupTypes', { entity: 'directoryObject' }).select).toEqual(['id', 'userPrincipalName', 'groupTypes']);
  });
});

describe('option names', () => {
  it('accepts them without the $ and in any case, as Graph v1.0 does', () => {
    const options = parse("select=id&TOP=5&$Filter=userType eq 'Guest'");
    expect(options.select).toEqual(['id']);
    expect(options.top).toBe(5);
    expect(options.filter).toBeDefined();
  });

  it('refuses $skip', () => {
    expect(fail('$skip=10')).toMatchObject({ status: 400, code: 'Request_BadRequest' });
  });

  it('passes $skiptoken through untouched', () => {
    expect(parse('$skiptoken=RFNwdAIAAQAAAA').skipToken).toBe('RFNwdAIAAQAAAA');
  });
});

describe('$count and advanced queries', () => {
  it('needs ConsistencyLevel: eventual; without it $count=true is silently ignored', () => {
    expect(parse('$count=true')).toMatchObject({ count: false, advanced: false });
    expect(parse('$count=true', { consistencyLevelEventual: true })).toMatchObject({ count: true, advanced: true });
    expect(parse('', { consistencyLevelEventual: true })).toMatchObject({ count: false, advanced: false });
  });

  it('refuses a $count value that is not a boolean', () => {
    expect(fail('$count=yes').code).toBe('Request_BadRequest');
  });

  it('makes advanced-only filters available with the header and $count=true', () => {
    expect(fail("$filter=userType ne 'Guest'&$count=true").message).toContain("Operator 'ne' is not supported");
    expect(fail("$filter=userType ne 'Guest'", { consistencyLevelEventual: true }).message).toContain("Operator 'ne' is not supported");
    expect(parse("$filter=userType ne 'Guest'&$count=true", { consistencyLevelEventual: true }).filter).toBeDefined();
  });
});

describe('$search', () => {
  it('needs ConsistencyLevel: eventual', () => {
    expect(fail('$search="displayName:adele"')).toEqual({
      status: 400,
      code: 'Request_UnsupportedQuery',
      message: "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    });
  });

  it('parses clauses with the header, and counts as an advanced query', () => {
    const options = parse('$search="displayName:adele" AND "mail:contoso"', { consistencyLevelEventual: true });
    expect(options.advanced).toBe(true);
    expect(options.search).toEqual({
      kind: 'and',
      left: { kind: 'term', property: 'displayName', text: 'adele' },
      right: { kind: 'term', property: 'mail', text: 'contoso' },
    });
  });
});

describe('$orderby', () => {
  it('sorts users by displayName or userPrincipalName by default', () => {
    expect(parse('$orderby=displayName').orderBy).toEqual([{ property: 'displayName', descending: false }]);
    expect(parse('$orderby=UserPrincipalName desc').orderBy).toEqual([{ property: 'userPrincipalName', descending: true }]);
  });

  it('refuses unsupported properties with Graph\'s sorting error', () => {
    expect(fail('$orderby=department')).toEqual({ status: 400, code: 'Request_UnsupportedQuery', message: 'Sorting not supported for current query.' });
    expect(fail('$orderby=shoeSize').message).toBe("Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
    expect(fail('$orderby=displayName sideways').code).toBe('Request_BadRequest');
  });

  it('needs an advanced query for deletedDateTime, as on deleted items', () => {
    expect(fail('$orderby=deletedDateTime asc', { deletedItems: true }).message).toBe('Sorting not supported for current query.');
    expect(parse('$orderby=deletedDateTime asc&$count=true', { deletedItems: true, consistencyLevelEventual: true }).orderBy).toEqual([
      { property: 'deletedDateTime', descending: false },
    ]);
    expect(fail('$orderby=deletedDateTime', { entity: 'group', deletedItems: true }).message).toBe('Sorting not supported for current query.');
  });

  it('needs an advanced query to combine with $filter', () => {
    expect(fail("$orderby=displayName&$filter=userType eq 'Guest'").message).toBe('Sorting not supported for current query.');
    expect(parse("$orderby=displayName&$filter=userType eq 'Guest'&$count=true", { consistencyLevelEventual: true }).orderBy).toHaveLength(1);
  });

  it('needs an advanced query for applications', () => {
    expect(fail('$orderby=displayName', { entity: 'application' }).message).toBe('Sorting not supported for current query.');
    expect(parse('$orderby=displayName&$count=true', { entity: 'application', consistencyLevelEventual: true }).orderBy).toHaveLength(1);
  });
});

describe('the /$count segment', () => {
  it('counts as an advanced query when the header is present', () => {
    expect(parse("$filter=userType ne 'Guest'", { consistencyLevelEventual: true, countSegment: true }).advanced).toBe(true);
    expect(fail("$filter=userType ne 'Guest'", { countSegment: true }).message).toContain("Operator 'ne' is not supported");
  });
});
