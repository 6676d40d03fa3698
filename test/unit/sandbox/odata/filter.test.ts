import { describe, it, expect } from 'vitest';
import { evaluateFilter, type FilterNode } from '../../../../src/sandbox/odata/filter';
import { parseFilter } from '../../../../src/sandbox/odata/filter-parser';
import type { EntityKind } from '../../../../src/sandbox/odata/entity-schema';

const adele = {
  id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
  displayName: 'Adele Vance',
  givenName: 'Adele',
  userPrincipalName: 'AdeleV@contoso.onmicrosoft.com',
  mail: 'AdeleV@contoso.onmicrosoft.com',
  userType: 'Member',
  accountEnabled: true,
  department: 'Retail',
  city: null,
  createdDateTime: '2024-03-01T10:00:00Z',
  proxyAddresses: ['SMTP:AdeleV@contoso.onmicrosoft.com', 'smtp:adele@contoso.com'],
  otherMails: [],
  identities: [{ signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'AdeleV@contoso.onmicrosoft.com' }],
  assignedLicenses: [{ skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', disabledPlans: [] }],
};
const guest = {
  id: '0b7a4c1e-5d1e-4d7e-9a2b-1c2d3e4f5a6b',
  displayName: "Brian O'Neil",
  userPrincipalName: 'brian_fabrikam.com#EXT#@contoso.onmicrosoft.com',
  mail: 'brian@fabrikam.com',
  userType: 'Guest',
  accountEnabled: false,
  department: null,
  createdDateTime: '2025-06-15T08:30:00Z',
  proxyAddresses: [],
  otherMails: ['brian@outlook.com'],
  identities: [],
  assignedLicenses: [],
};

function parse(text: string, options: { entity?: EntityKind; advanced?: boolean } = {}): FilterNode {
  const result = parseFilter(text, { entity: options.entity ?? 'user', advanced: options.advanced ?? false });
  if (!result.ok) throw new Error(`unexpected parse error: ${result.error.message}`);
  return result.value;
}

function matching(text: string, advanced = false): string[] {
  const node = parse(text, { advanced });
  return [adele, guest].filter((u) => evaluateFilter(node, u)).map((u) => u.displayName);
}

function errorOf(text: string, options: { entity?: EntityKind; advanced?: boolean } = {}): { code: string; message: string } {
  const result = parseFilter(text, { entity: options.entity ?? 'user', advanced: options.advanced ?? false });
  if (result.ok) throw new Error(`expected an error for ${text}`);
  expect(result.error.status).toBe(400);
  return { code: result.error.code, message: result.error.message };
}

describe('$filter evaluation', () => {
  it('compares strings case-insensitively, as the directory does', () => {
    expect(matching("userPrincipalName eq 'adelev@CONTOSO.onmicrosoft.com'")).toEqual(['Adele Vance']);
    expect(matching("userType eq 'guest'")).toEqual(["Brian O'Neil"]);
  });

  it('handles booleans, and/or precedence and parentheses', () => {
    expect(matching("accountEnabled eq false or userType eq 'Member' and department eq 'Retail'")).toEqual(['Adele Vance', "Brian O'Neil"]);
    expect(matching("(accountEnabled eq false or userType eq 'Member') and department eq 'Retail'")).toEqual(['Adele Vance']);
    expect(matching('accountEnabled eq true')).toEqual(['Adele Vance']);
  });

  it("unescapes '' inside string literals", () => {
    expect(matching("displayName eq 'Brian O''Neil'")).toEqual(["Brian O'Neil"]);
  });

  it('supports in, startswith and endswith (the last only in advanced queries)', () => {
    expect(matching("userType in ('Guest', 'Other')")).toEqual(["Brian O'Neil"]);
    expect(matching("startswith(displayName,'ad')")).toEqual(['Adele Vance']);
    expect(matching("startswith(displayName,'ad') eq true")).toEqual(['Adele Vance']);
    expect(matching("endswith(mail,'@FABRIKAM.com')", true)).toEqual(["Brian O'Neil"]);
  });

  it('supports ne, not and null comparisons in advanced queries', () => {
    expect(matching("userType ne 'Guest'", true)).toEqual(['Adele Vance']);
    expect(matching("not(userType eq 'Guest')", true)).toEqual(['Adele Vance']);
    expect(matching("NOT startsWith(displayName, 'Ad')", true)).toEqual(["Brian O'Neil"]);
    expect(matching('department eq null', true)).toEqual(["Brian O'Neil"]);
    expect(matching('department ne null', true)).toEqual(['Adele Vance']);
  });

  it('compares date-times as instants, including date-only literals', () => {
    expect(matching('createdDateTime ge 2025-01-01T00:00:00Z')).toEqual(["Brian O'Neil"]);
    expect(matching('createdDateTime le 2025-01-01')).toEqual(['Adele Vance']);
    expect(matching('createdDateTime ge 2024-03-01T11:00:00+02:00')).toEqual(['Adele Vance', "Brian O'Neil"]);
  });

  it('treats gt and lt like ge and le for support, with strict semantics', () => {
    expect(matching('createdDateTime gt 2024-03-01T10:00:00Z')).toEqual(["Brian O'Neil"]);
    expect(matching('createdDateTime lt 2024-03-01T10:00:00Z')).toEqual([]);
  });

  it('evaluates any() lambdas on string and complex collections', () => {
    expect(matching("proxyAddresses/any(p:startswith(p,'smtp:adele@'))")).toEqual(['Adele Vance']);
    expect(matching("otherMails/any(m:m eq 'BRIAN@outlook.com')")).toEqual(["Brian O'Neil"]);
    expect(matching("identities/any(i:i/issuer eq 'contoso.onmicrosoft.com' and i/issuerAssignedId eq 'adelev@contoso.onmicrosoft.com')")).toEqual([
      'Adele Vance',
    ]);
    expect(matching('assignedLicenses/any(x:x/skuId eq c7df2760-2c81-4ef7-b578-5b5392b571df)')).toEqual(['Adele Vance']);
    expect(matching("proxyAddresses/any(p:endswith(p,'contoso.com'))", true)).toEqual(['Adele Vance']);
  });

  it('counts collections in advanced queries', () => {
    expect(matching('assignedLicenses/$count eq 0', true)).toEqual(["Brian O'Neil"]);
    expect(matching('proxyAddresses/$count ge 2', true)).toEqual(['Adele Vance']);
  });

  it('resolves property names case-insensitively to their canonical spelling', () => {
    const node = parse("USERTYPE eq 'Member' AND DisplayName eq 'Adele Vance'");
    expect(node).toMatchObject({ kind: 'and', left: { left: { path: { segments: ['userType'] } } }, right: { left: { path: { segments: ['displayName'] } } } });
    expect(evaluateFilter(node, adele)).toBe(true);
  });

  it('filters groups by groupTypes with any()', () => {
    const node = parse("groupTypes/any(c:c eq 'Unified')", { entity: 'group' });
    expect(evaluateFilter(node, { id: 'g1', groupTypes: ['Unified'] })).toBe(true);
    expect(evaluateFilter(node, { id: 'g2', groupTypes: [] })).toBe(false);
  });
});

describe('$filter errors', () => {
  it('reports syntax errors with a position', () => {
    expect(errorOf("displayName eq 'x' and")).toEqual({ code: 'Request_BadRequest', message: "Invalid filter clause: Syntax error at position 22 in 'displayName eq 'x' and'." });
    expect(errorOf('displayName eq').message).toContain('position 14');
    expect(errorOf("displayName eq 'unterminated").message).toContain("character ''' is not valid at position 15");
    expect(errorOf("displayName eq 'x')").message).toContain('Syntax error at position 18');
    expect(errorOf("displayName has 'x'").message).toContain('Syntax error at position 12');
  });

  it('names an unknown property the way Graph does', () => {
    expect(errorOf("favouriteColour eq 'blue'")).toEqual({
      code: 'Request_BadRequest',
      message: "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'.",
    });
  });

  it('refuses advanced-only operators without the advanced query parameters', () => {
    const expected = "Operator 'ne' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information";
    expect(errorOf("userType ne 'Guest'")).toEqual({ code: 'Request_UnsupportedQuery', message: expected });
    expect(errorOf("endswith(mail,'@contoso.com')").message).toContain("Operator 'endsWith' is not supported");
    expect(errorOf("not(userType eq 'Guest')").message).toContain("Operator 'not' is not supported");
  });

  it('refuses property/operator pairs Graph does not index', () => {
    const clause = (property: string, resource = 'User'): string =>
      `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`;
    expect(errorOf("startswith(userType,'G')")).toEqual({ code: 'Request_UnsupportedQuery', message: clause('userType') });
    expect(errorOf("endswith(displayName,'x')", { advanced: true }).message).toBe(clause('displayName'));
    expect(errorOf("aboutMe eq 'x'").message).toBe(clause('aboutMe'));
    expect(errorOf("companyName eq 'Contoso'").message).toBe(clause('companyName'));
    expect(errorOf('city eq null').message).toBe(clause('city'));
    expect(errorOf('createdDateTime ge 2021-11-01', { entity: 'group', advanced: true }).message).toBe(clause('createdDateTime', 'Group'));
    expect(errorOf("contains(displayName,'x')").message).toBe(clause('displayName'));
  });

  it('refuses literals of the wrong type', () => {
    expect(errorOf("accountEnabled eq 'true'")).toEqual({
      code: 'Request_BadRequest',
      message: "A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'.",
    });
    expect(errorOf('displayName eq 42').message).toContain("'Edm.String' and 'Edm.Int32'");
  });

  it('requires a property on the left of a comparison', () => {
    expect(errorOf("'Guest' eq userType").code).toBe('Request_UnsupportedQuery');
  });

  it('allows companyName only in advanced queries', () => {
    expect(parseFilter("companyName eq 'Contoso'", { entity: 'user', advanced: true }).ok).toBe(true);
  });
});

describe('$filter clause limits', () => {
  it('allows up to 15 OR-ed clauses, counting in() values', () => {
    const ids = (n: number): string => Array.from({ length: n }, (_, i) => `'id-${i}'`).join(',');
    expect(parseFilter(`id in (${ids(15)})`, { entity: 'user', advanced: false }).ok).toBe(true);
    expect(errorOf(`id in (${ids(16)})`)).toEqual({
      code: 'Request_UnsupportedQuery',
      message: "Too many child clauses specified in search filter expression containing 'OR' operators: 16. Max allowed: 15.",
    });
    const ors = Array.from({ length: 10 }, (_, i) => `id eq 'x${i}'`).join(' or ');
    expect(errorOf(`userType eq 'Guest' and (${ors} or id in (${ids(6)}))`).message).toContain('operators: 16.');
  });
});

describe('$filter shape errors', () => {
  it('refuses $count and any() on single-valued properties, and all() altogether', () => {
    expect(errorOf('displayName/$count eq 0', { advanced: true }).code).toBe('Request_UnsupportedQuery');
    expect(errorOf("displayName/any(d:d eq 'x')").code).toBe('Request_UnsupportedQuery');
    expect(errorOf("otherMails/all(m:startswith(m,'a'))").code).toBe('Request_UnsupportedQuery');
  });

  it('refuses $count without the advanced query parameters', () => {
    expect(errorOf('assignedLicenses/$count eq 0').message).toBe(
      "Unsupported or invalid query filter clause specified for property 'assignedLicenses' of resource 'User'.",
    );
  });

  it('names unknown properties inside complex values', () => {
    expect(errorOf("identities/any(i:i/colour eq 'x')").message).toBe("Could not find a property named 'colour' on type 'microsoft.graph.objectIdentity'.");
  });
});
