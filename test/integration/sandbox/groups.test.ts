import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, PRIVILEGED_SCOPES } from '../../../src/sandbox/index';
import { SandboxTestClient, ids } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const G = CONTOSO_OBJECTS.groups;
const admin = P.modAdministrator.userPrincipalName;
const groupsAdmin = P.nestorWilke.userPrincipalName;
const roleAdmin = P.pattiFernandez.userPrincipalName;
const plain = P.diegoSiciliani.userPrincipalName;
const ref = (id: string): string => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`;

describe('sandbox /groups', () => {
  let client: SandboxTestClient;

  beforeEach(async () => {
    client = await SandboxTestClient.start({ tenant: 'generated', users: 120, seed: 9 });
  });

  afterEach(async () => {
    await client.stop();
  });

  it('lists and gets groups of every kind', async () => {
    const list = await client.get(admin, '/groups?$top=999');
    expect(list.status).toBe(200);
    const byId = new Map((list.body.value ?? []).map((row) => [row.id, row]));
    expect(byId.get(G.salesAndMarketing)?.groupTypes).toEqual(['Unified']);
    expect(byId.get(G.financeSecurity)?.securityEnabled).toBe(true);
    expect(byId.get(G.financeSecurity)?.mailEnabled).toBe(false);
    expect(byId.get(G.allCompanyDl)?.mailEnabled).toBe(true);
    expect(byId.get(G.allCompanyDl)?.securityEnabled).toBe(false);
    expect(byId.get(G.financeMailSecurity)?.securityEnabled).toBe(true);
    expect(byId.get(G.financeMailSecurity)?.mailEnabled).toBe(true);
    const one = await client.get(admin, `/groups/${G.privilegedAdmins}?$select=id,isAssignableToRole`);
    expect(one.body.isAssignableToRole).toBe(true);
    expect((await client.get(admin, '/groups/00000000-0000-0000-0000-000000000001')).status).toBe(404);
  });

  it('adds a member with $ref (204), lists it, refuses a duplicate with 400, removes it (204)', async () => {
    const add = await client.post(groupsAdmin, `/groups/${G.retail}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) });
    expect(add.status).toBe(204);
    const members = await client.get(admin, `/groups/${G.retail}/members`);
    expect(ids(members)).toContain(P.joniSherman.id);
    expect(members.body.value?.find((row) => row.id === P.joniSherman.id)?.['@odata.type']).toBe('#microsoft.graph.user');
    const duplicate = await client.post(groupsAdmin, `/groups/${G.retail}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error?.code).toBe('Request_BadRequest');
    expect(duplicate.body.error?.message).toBe("One or more added object references already exist for the following modified properties: 'members'.");
    const remove = await client.call(groupsAdmin, 'DELETE', `/groups/${G.retail}/members/${P.joniSherman.id}/$ref`);
    expect(remove.status).toBe(204);
    const again = await client.call(groupsAdmin, 'DELETE', `/groups/${G.retail}/members/${P.joniSherman.id}/$ref`);
    expect(again.status).toBe(404);
  });

  it('404s a member reference to an object that does not exist', async () => {
    const response = await client.post(groupsAdmin, `/groups/${G.retail}/members/$ref`, { '@odata.id': ref('99999999-9999-4999-8999-999999999999') });
    expect(response.status).toBe(404);
  });

  it('adds up to 20 members with PATCH members@odata.bind, all or nothing', async () => {
    const users = await client.get(admin, "/users?$select=id&$top=80&$filter=userType eq 'Member'");
    const candidates = ids(users).map(String).filter((id) => !id.startsWith('c0a70500'));
    expect(candidates.length).toBeGreaterThan(30);
    const twenty = candidates.slice(0, 20);
    const ok = await client.call(groupsAdmin, 'PATCH', `/groups/${G.helpdeskTier1}`, { body: { 'members@odata.bind': twenty.map(ref) } });
    expect(ok.status).toBe(204);
    const members = await client.get(admin, `/groups/${G.helpdeskTier1}/members?$top=999`);
    for (const id of twenty) expect(ids(members)).toContain(id);

    const tooMany = await client.call(groupsAdmin, 'PATCH', `/groups/${G.financeSecurity}`, { body: { 'members@odata.bind': candidates.slice(0, 21).map(ref) } });
    expect(tooMany.status).toBe(400);

    const withDuplicate = [candidates[25] ?? '', twenty[0] ?? ''].map(ref);
    const dup = await client.call(groupsAdmin, 'PATCH', `/groups/${G.helpdeskTier1}`, { body: { 'members@odata.bind': withDuplicate } });
    expect(dup.status).toBe(400);
    const after = await client.get(admin, `/groups/${G.helpdeskTier1}/members?$top=999`);
    expect(ids(after)).not.toContain(candidates[25]);
  });

  it('needs a Privileged Role Administrator to change role-assignable groups', async () => {
    const denied = await client.post(groupsAdmin, `/groups/${G.privilegedAdmins}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) });
    expect(denied.status).toBe(403);
    expect(denied.body.error?.code).toBe('Authorization_RequestDenied');
    const appScopesOnly = await client.post(roleAdmin, `/groups/${G.privilegedAdmins}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) });
    expect(appScopesOnly.status).toBe(403);
    const token = await client.tokenFor(roleAdmin, { scopes: [...PRIVILEGED_SCOPES] });
    const ok = await client.post(roleAdmin, `/groups/${G.privilegedAdmins}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) }, { token });
    expect(ok.status).toBe(204);
  });

  it('refuses membership changes to a plain user', async () => {
    const response = await client.post(plain, `/groups/${G.retail}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) });
    expect(response.status).toBe(403);
  });

  it('lists a group\'s owners, and lets an owner without an admin role add and remove members of that group only', async () => {
    const owners = await client.get(admin, `/groups/${G.salesAndMarketing}/owners?$select=id`);
    expect(owners.status).toBe(200);
    expect(ids(owners).sort()).toEqual([P.diegoSiciliani.id, P.miriamGraham.id].sort());
    expect(owners.body.value?.every((row) => row['@odata.type'] === '#microsoft.graph.user')).toBe(true);
    expect((await client.get(plain, `/groups/${G.retail}/owners`)).body.value).toEqual([]);

    const add = await client.post(plain, `/groups/${G.salesAndMarketing}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) });
    expect(add.status).toBe(204);
    const bind = await client.call(plain, 'PATCH', `/groups/${G.salesAndMarketing}`, { body: { 'members@odata.bind': [ref(P.lynneRobbins.id)] } });
    expect(bind.status).toBe(204);
    expect(ids(await client.get(admin, `/groups/${G.salesAndMarketing}/members`))).toEqual(expect.arrayContaining([P.joniSherman.id, P.lynneRobbins.id]));
    const remove = await client.call(plain, 'DELETE', `/groups/${G.salesAndMarketing}/members/${P.joniSherman.id}/$ref`);
    expect(remove.status).toBe(204);

    const rename = await client.call(plain, 'PATCH', `/groups/${G.salesAndMarketing}`, { body: { displayName: 'Renamed' } });
    expect(rename.status).toBe(403);
    const notHis = await client.post(plain, `/groups/${G.retail}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) });
    expect(notHis.status).toBe(403);
    expect(notHis.body.error?.code).toBe('Authorization_RequestDenied');
  });

  it('lets an owner of a role-assignable group change its members only with RoleManagement.ReadWrite.Directory, and makes the owner privileged', async () => {
    const privileged = { token: await client.tokenFor(roleAdmin, { scopes: [...PRIVILEGED_SCOPES] }) };
    expect((await client.post(roleAdmin, `/groups/${G.privilegedAdmins}/owners/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/users/${P.joniSherman.id}` }, privileged)).status).toBe(204);
    const joni = P.joniSherman.userPrincipalName;
    const groupScopes = ['User.Read', 'GroupMember.ReadWrite.All', 'Group.ReadWrite.All'];
    const without = await client.post(joni, `/groups/${G.privilegedAdmins}/members/$ref`, { '@odata.id': ref(P.lynneRobbins.id) }, {
      token: await client.tokenFor(joni, { scopes: groupScopes }),
    });
    expect(without.status).toBe(403);
    const withScope = await client.post(joni, `/groups/${G.privilegedAdmins}/members/$ref`, { '@odata.id': ref(P.lynneRobbins.id) }, {
      token: await client.tokenFor(joni, { scopes: [...groupScopes, 'RoleManagement.ReadWrite.Directory'] }),
    });
    expect(withScope.status).toBe(204);
    const userAdmin = P.alexWilber.userPrincipalName;
    expect((await client.call(userAdmin, 'DELETE', `/users/${P.joniSherman.id}`)).status).toBe(403);
  });

  it('adds and removes owners with $ref, refusing duplicates, non-admins and removing the last owner', async () => {
    const joni = { '@odata.id': `https://graph.microsoft.com/v1.0/users/${P.joniSherman.id}` };
    expect((await client.post(plain, `/groups/${G.retail}/owners/$ref`, joni)).status).toBe(403);
    expect((await client.post(groupsAdmin, `/groups/${G.retail}/owners/$ref`, joni)).status).toBe(204);
    const duplicate = await client.post(groupsAdmin, `/groups/${G.retail}/owners/$ref`, joni);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error?.message).toContain("'owners'");
    const group = await client.post(groupsAdmin, `/groups/${G.retail}/owners/$ref`, { '@odata.id': ref(G.financeSecurity) });
    expect(group.status).toBe(400);
    const last = await client.call(groupsAdmin, 'DELETE', `/groups/${G.retail}/owners/${P.joniSherman.id}/$ref`);
    expect(last.status).toBe(400);
    expect(last.body.error?.message).toMatch(/at least one owner/);
    expect((await client.post(groupsAdmin, `/groups/${G.retail}/owners/$ref`, { '@odata.id': ref(P.lynneRobbins.id) })).status).toBe(204);
    expect((await client.call(groupsAdmin, 'DELETE', `/groups/${G.retail}/owners/${P.joniSherman.id}/$ref`)).status).toBe(204);
    expect(ids(await client.get(admin, `/groups/${G.retail}/owners`))).toEqual([P.lynneRobbins.id]);
    expect((await client.call(groupsAdmin, 'DELETE', `/groups/${G.retail}/owners/${P.joniSherman.id}/$ref`)).status).toBe(404);
  });

  it('refuses to change distribution lists and mail-enabled security groups through Graph', async () => {
    for (const id of [G.allCompanyDl, G.financeMailSecurity]) {
      const response = await client.post(admin, `/groups/${id}/members/$ref`, { '@odata.id': ref(P.joniSherman.id) });
      expect(response.status).toBe(400);
      expect(response.body.error?.message).toMatch(/mail-enabled security groups and or distribution list/);
    }
  });

  it('creates a security group and soft-deletes it into the recycle bin', async () => {
    const created = await client.post(groupsAdmin, '/groups', { displayName: 'Temp', mailEnabled: false, mailNickname: 'temp', securityEnabled: true });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    expect((await client.call(groupsAdmin, 'DELETE', `/groups/${id}`)).status).toBe(204);
    const bin = await client.get(admin, `/directory/deletedItems/${id}`);
    expect(bin.body['@odata.type']).toBe('#microsoft.graph.group');
    const mailSecurity = await client.post(groupsAdmin, '/groups', { displayName: 'X', mailEnabled: true, mailNickname: 'x', securityEnabled: true });
    expect(mailSecurity.status).toBe(400);
  });

  it('keeps distribution lists and mail-enabled security groups out of the recycle bin: Graph cannot delete them', async () => {
    for (const id of [G.allCompanyDl, G.financeMailSecurity]) {
      const response = await client.call(admin, 'DELETE', `/groups/${id}`);
      expect(response.status).toBe(400);
      expect((await client.get(admin, `/groups/${id}`)).status).toBe(200);
      expect((await client.get(admin, `/directory/deletedItems/${id}`)).status).toBe(404);
    }
  });
});

describe('sandbox applications, service principals and administrative units', () => {
  let client: SandboxTestClient;

  beforeEach(async () => {
    client = await SandboxTestClient.start();
  });

  afterEach(async () => {
    await client.stop();
  });

  it('lists applications and their service principals with matching appId', async () => {
    const apps = await client.get(admin, '/applications');
    const sps = await client.get(admin, '/servicePrincipals');
    expect(apps.status).toBe(200);
    const expenses = apps.body.value?.find((row) => row.id === CONTOSO_OBJECTS.applications.contosoExpenses);
    const sp = sps.body.value?.find((row) => row.id === CONTOSO_OBJECTS.servicePrincipals.contosoExpenses);
    expect(sp?.appId).toBe(expenses?.appId);
    const au = await client.get(admin, '/directory/administrativeUnits');
    expect(ids(au)).toContain(CONTOSO_OBJECTS.administrativeUnits.seattleOffice);
  });

  it('deleting an application moves it and its service principal to the recycle bin', async () => {
    const id = CONTOSO_OBJECTS.applications.contosoHrPortal;
    expect((await client.call(P.modAdministrator.userPrincipalName, 'DELETE', `/applications/${id}`)).status).toBe(204);
    expect((await client.get(admin, `/directory/deletedItems/${id}`)).status).toBe(200);
    expect((await client.get(admin, `/directory/deletedItems/${CONTOSO_OBJECTS.servicePrincipals.contosoHrPortal}`)).status).toBe(200);
  });

  it('refuses application writes to a User Administrator', async () => {
    const response = await client.post(P.alexWilber.userPrincipalName, '/applications', { displayName: 'Nope' });
    expect(response.status).toBe(403);
    const ok = await client.post(P.pradeepGupta.userPrincipalName, '/applications', { displayName: 'Yes' });
    expect(ok.status).toBe(201);
  });
});
