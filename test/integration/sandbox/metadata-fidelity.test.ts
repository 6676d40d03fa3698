import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import type { CsdlModel } from '../../support/csdl';
import { boundActionParameters, checkEntityAgainstMetadata, loadGraphMetadataExtract } from '../../support/csdl';
import type { Row } from './sandbox-test-client';
import { SandboxTestClient } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const admin = P.modAdministrator.userPrincipalName;

function withoutAnnotations(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('@odata.context') && !key.startsWith('@odata.nextLink')));
}

describe('sandbox responses match the official Graph v1.0 metadata', () => {
  let client: SandboxTestClient;
  let model: CsdlModel;

  beforeAll(async () => {
    client = await SandboxTestClient.start();
    model = loadGraphMetadataExtract();
  });

  afterAll(async () => {
    await client.stop();
  });

  function expectConforms(entityType: string, rows: Row[]): void {
    expect(rows.length).toBeGreaterThan(0);
    const problems = rows.flatMap((row) => checkEntityAgainstMetadata(model, entityType, withoutAnnotations(row)));
    expect(problems).toEqual([]);
  }

  it('users: default list, every stored property, /me and the deleted-user listing', async () => {
    const restored = await client.post(admin, `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`);
    expect(restored.status).toBe(200);
    expectConforms('microsoft.graph.user', [restored.body]);
    const everything = Object.keys(restored.body).filter((key) => !key.startsWith('@'));
    expect(everything.length).toBeGreaterThan(30);
    const selected = await client.get(admin, `/users?$select=${everything.join(',')}&$top=999`);
    expect(selected.status).toBe(200);
    expectConforms('microsoft.graph.user', selected.body.value ?? []);
    expectConforms('microsoft.graph.user', (await client.get(admin, '/users')).body.value ?? []);
    expectConforms('microsoft.graph.user', [(await client.get(admin, '/me')).body]);
    expectConforms('microsoft.graph.user', (await client.get(admin, '/directory/deletedItems/microsoft.graph.user')).body.value ?? []);
  });

  it('groups, applications, service principals and administrative units, active and deleted', async () => {
    const casts: [string, string, string][] = [
      ['microsoft.graph.group', '/groups', 'group'],
      ['microsoft.graph.application', '/applications', 'application'],
      ['microsoft.graph.servicePrincipal', '/servicePrincipals', 'servicePrincipal'],
      ['microsoft.graph.administrativeUnit', '/directory/administrativeUnits', 'administrativeUnit'],
    ];
    for (const [type, path, cast] of casts) {
      expectConforms(type, (await client.get(admin, path)).body.value ?? []);
      expectConforms(type, (await client.get(admin, `/directory/deletedItems/microsoft.graph.${cast}`)).body.value ?? []);
    }
  });

  it('directoryObject collections carry @odata.type of a derived type: members, owners, memberOf with directory roles', async () => {
    const members = await client.get(admin, `/groups/${CONTOSO_OBJECTS.groups.salesAndMarketing}/members`);
    expectConforms('microsoft.graph.directoryObject', members.body.value ?? []);
    const owners = await client.get(admin, `/groups/${CONTOSO_OBJECTS.groups.salesAndMarketing}/owners`);
    expect(owners.body.value?.length).toBeGreaterThan(0);
    expectConforms('microsoft.graph.directoryObject', owners.body.value ?? []);
    const memberOf = await client.get(P.alexWilber.userPrincipalName, '/me/transitiveMemberOf');
    const rows = memberOf.body.value ?? [];
    expect(rows.some((row) => row['@odata.type'] === '#microsoft.graph.directoryRole')).toBe(true);
    expectConforms('microsoft.graph.directoryObject', rows);
    const item = await client.get(admin, `/directory/deletedItems/${CONTOSO_OBJECTS.groups.contosoLifeDeleted}`);
    expectConforms('microsoft.graph.directoryObject', [item.body]);
  });

  it('authentication methods', async () => {
    const phones = await client.get(admin, `/users/${P.joniSherman.id}/authentication/phoneMethods`);
    expectConforms('microsoft.graph.phoneAuthenticationMethod', phones.body.value ?? []);
    const emails = await client.get(admin, `/users/${P.joniSherman.id}/authentication/emailMethods`);
    expectConforms('microsoft.graph.emailAuthenticationMethod', emails.body.value ?? []);
  });

  it('invitations (invitedUser is an expanded navigation property, checked as a user)', async () => {
    const response = await client.post(P.lidiaHolloway.userPrincipalName, '/invitations', {
      invitedUserEmailAddress: 'meta@fabrikam.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
    });
    expect(response.status).toBe(201);
    const { invitedUser, ...invitation } = response.body;
    expectConforms('microsoft.graph.invitation', [invitation]);
    expectConforms('microsoft.graph.user', [invitedUser as Row]);
  });

  it('restore takes exactly the parameters the metadata declares, with those types', async () => {
    const parameters = boundActionParameters(model, 'restore', 'microsoft.graph.directoryObject');
    expect(parameters.map((p) => [p.name, p.type]).sort()).toEqual([
      ['autoReconcileProxyConflict', 'Edm.Boolean'],
      ['newUserPrincipalName', 'Edm.String'],
    ]);
    const id = P.meganBowenDeleted.id;
    const wrongBoolean = await client.post(admin, `/directory/deletedItems/${id}/restore`, { autoReconcileProxyConflict: 'yes' });
    expect(wrongBoolean.status).toBe(400);
    const wrongString = await client.post(admin, `/directory/deletedItems/${id}/restore`, { newUserPrincipalName: 42 });
    expect(wrongString.status).toBe(400);
    const declared = Object.fromEntries(parameters.map((p) => [p.name, p.type === 'Edm.Boolean' ? false : undefined]));
    const ok = await client.post(admin, `/directory/deletedItems/${id}/restore`, declared);
    expect(ok.status).toBe(200);
  });
});
