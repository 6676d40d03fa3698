import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  GRAPH_METADATA_EXTRACT_PATH,
  boundActionParameters,
  checkEntityAgainstMetadata,
  loadGraphMetadataExtract,
  parseCsdl,
} from '../../../support/csdl';

const model = loadGraphMetadataExtract();

describe('the vendored metadata extract', () => {
  it('names its source', () => {
    const header = readFileSync(GRAPH_METADATA_EXTRACT_PATH, 'utf8').slice(0, 800);
    expect(header).toContain('microsoftgraph/msgraph-metadata');
    expect(header).toContain('schemas/v1.0-Prod.csdl');
  });

  it('holds the served entity types with their base types and referenced complex and enum types', () => {
    for (const name of ['entity', 'directoryObject', 'user', 'group', 'application', 'servicePrincipal', 'administrativeUnit', 'directoryRole', 'invitation', 'authenticationMethod', 'phoneAuthenticationMethod', 'emailAuthenticationMethod']) {
      expect(model.structuredTypes.get(`microsoft.graph.${name}`)?.kind, name).toBe('entity');
    }
    for (const name of ['assignedLicense', 'passwordProfile', 'invitedUserMessageInfo', 'employeeOrgData', 'objectIdentity', 'recipient', 'emailAddress']) {
      expect(model.structuredTypes.get(`microsoft.graph.${name}`)?.kind, name).toBe('complex');
    }
    expect(model.enumTypes.get('microsoft.graph.authenticationPhoneType')?.members).toEqual(expect.arrayContaining(['mobile', 'alternateMobile', 'office']));
    expect(model.structuredTypes.get('microsoft.graph.user')?.baseType).toBe('microsoft.graph.directoryObject');
  });

  it("gives restore's parameters as documented in v1.0", () => {
    expect(boundActionParameters(model, 'restore', 'microsoft.graph.directoryObject')).toEqual([
      { name: 'autoReconcileProxyConflict', type: 'Edm.Boolean', nullable: true },
      { name: 'newUserPrincipalName', type: 'Edm.String', nullable: true },
    ]);
    expect(() => boundActionParameters(model, 'restore', 'user')).toThrow(/no action restore/);
  });
});

describe('checkEntityAgainstMetadata', () => {
  const goodUser = {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
    '@odata.type': '#microsoft.graph.user',
    id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
    deletedDateTime: null,
    displayName: 'Adele Vance',
    accountEnabled: true,
    businessPhones: ['+1 425 555 0109'],
    createdDateTime: '2024-03-01T10:00:00Z',
    assignedLicenses: [{ skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', disabledPlans: [] }],
    identities: [{ signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'AdeleV@contoso.onmicrosoft.com' }],
    passwordProfile: { forceChangePasswordNextSignIn: true, password: null },
    employeeOrgData: { division: 'Retail', costCenter: null },
  };

  it('accepts a well-formed user, ignoring @odata annotations', () => {
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.user', goodUser)).toEqual([]);
    expect(checkEntityAgainstMetadata(model, 'user', { id: 'x', 'members@odata.bind': ['y'] })).toEqual([]);
  });

  it('reports properties the type does not have', () => {
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.user', { id: 'x', shoeSize: 42 })).toEqual([
      'user.shoeSize: not a property of microsoft.graph.user (or its base types)',
    ]);
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.group', { id: 'x', userType: 'Member' })).toHaveLength(1);
  });

  it('reports values of the wrong JSON type', () => {
    const problems = checkEntityAgainstMetadata(model, 'microsoft.graph.user', {
      id: 'x',
      accountEnabled: 'true',
      createdDateTime: '1 March 2024',
      businessPhones: '+1 425 555 0109',
      assignedLicenses: [{ skuId: 'not-a-guid', disabledPlans: [] }],
    });
    expect(problems).toEqual([
      'user.accountEnabled: expected a boolean for Edm.Boolean, got "true"',
      'user.createdDateTime: expected an ISO 8601 date-time with offset for Edm.DateTimeOffset, got "1 March 2024"',
      'user.businessPhones: expected an array for Collection(Edm.String), got "+1 425 555 0109"',
      'user.assignedLicenses[0].skuId: expected a GUID for Edm.Guid, got "not-a-guid"',
    ]);
  });

  it('checks complex values recursively and refuses null where the metadata forbids it', () => {
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.user', { id: 'x', passwordProfile: { password: 'x', colour: 'red' } })).toEqual([
      'user.passwordProfile.colour: not a property of microsoft.graph.passwordProfile (or its base types)',
    ]);
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.user', { id: 'x', businessPhones: [null] })).toEqual([
      'user.businessPhones[0]: null is not allowed (Edm.String is not nullable)',
    ]);
  });

  it('checks enum members and derived types named by @odata.type', () => {
    const phone = { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: '3179e48a-750b-4051-897c-87b9720928f7', phoneNumber: '+1 2065555555', phoneType: 'mobile', smsSignInState: 'ready' };
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.authenticationMethod', phone)).toEqual([]);
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.phoneAuthenticationMethod', { ...phone, phoneType: 'pager' })).toEqual([
      expect.stringContaining('"pager" is not a member of microsoft.graph.authenticationPhoneType'),
    ]);
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.user', { '@odata.type': '#microsoft.graph.group', id: 'x' })).toEqual([
      'user: @odata.type #microsoft.graph.group is not microsoft.graph.user or a type derived from it',
    ]);
  });

  it('reports an unknown entity type', () => {
    expect(checkEntityAgainstMetadata(model, 'microsoft.graph.printer', { id: 'x' })).toEqual(['type microsoft.graph.printer is not in the metadata extract']);
  });
});

describe('parseCsdl', () => {
  it('reads flags enums, nullability and inheritance', () => {
    const parsed = parseCsdl(`<Schema Namespace="microsoft.graph" Alias="graph">
      <EntityType Name="entity" Abstract="true"><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
      <EntityType Name="thing" BaseType="graph.entity"><Property Name="colours" Type="graph.colour" /></EntityType>
      <EnumType Name="colour" IsFlags="true"><Member Name="red" Value="1" /><Member Name="blue" Value="2" /></EnumType>
    </Schema>`);
    expect(checkEntityAgainstMetadata(parsed, 'thing', { id: 'a', colours: 'red, blue' })).toEqual([]);
    expect(checkEntityAgainstMetadata(parsed, 'thing', { id: null, colours: 'green' })).toHaveLength(2);
  });
});
