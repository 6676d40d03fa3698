import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, DEFAULT_DELEGATED_SCOPES } from '../../../src/sandbox/index';
import graphDelegatedPermissions from '../../../src/app-registration/graph-delegated-permissions.json';
import { SandboxTestClient } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const USER_ADMIN_TEMPLATE = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const SEATTLE = CONTOSO_OBJECTS.administrativeUnits.seattleOffice;

describe('sandbox: roles as real tenants have them', () => {
  let client: SandboxTestClient;
  beforeEach(async () => {
    client = await SandboxTestClient.start();
  });
  afterEach(async () => {
    await client.sandbox.stop();
  });

  it("issues tokens whose scp is exactly the app registration's Graph scopes", async () => {
    const token = await client.tokenFor(P.alexWilber.userPrincipalName);
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scp: string };
    const expected = graphDelegatedPermissions.map((p) => p.name).filter((name) => !['openid', 'profile', 'offline_access'].includes(name));
    expect(payload.scp.split(' ').sort()).toEqual([...expected].sort());
    expect([...DEFAULT_DELEGATED_SCOPES].sort()).toEqual([...expected].sort());
    expect(payload.scp).not.toMatch(/Directory\.AccessAsUser\.All|RoleManagement\.ReadWrite\.Directory|User\.DeleteRestore\.All/);
  });

  it('lists role assignments by principal with their role definition; AU-scoped ones carry the unit as directoryScopeId', async () => {
    const alex = await client.get(P.alexWilber.userPrincipalName, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${P.alexWilber.id}'&$expand=roleDefinition`);
    expect(alex.status).toBe(200);
    expect(alex.body.value).toEqual([
      expect.objectContaining({ principalId: P.alexWilber.id, roleDefinitionId: USER_ADMIN_TEMPLATE, directoryScopeId: '/', roleDefinition: expect.objectContaining({ displayName: 'User Administrator', isBuiltIn: true }) }),
    ]);
    const johanna = await client.get(P.johannaLorenz.userPrincipalName, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${P.johannaLorenz.id}'`);
    expect(johanna.body.value).toEqual([expect.objectContaining({ roleDefinitionId: USER_ADMIN_TEMPLATE, directoryScopeId: `/administrativeUnits/${SEATTLE}` })]);
  });

  it('shows an eligible role only among eligibility instances, never as an assignment or in memberOf', async () => {
    const isaiah = P.isaiahLanger.userPrincipalName;
    const eligible = await client.get(isaiah, `/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${P.isaiahLanger.id}'`);
    expect(eligible.status).toBe(200);
    expect(eligible.body.value).toEqual([expect.objectContaining({ roleDefinitionId: USER_ADMIN_TEMPLATE, directoryScopeId: '/', memberType: 'Direct' })]);
    const active = await client.get(isaiah, `/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${P.isaiahLanger.id}'`);
    expect(active.body.value).toEqual([]);
    const assignments = await client.get(isaiah, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${P.isaiahLanger.id}'`);
    expect(assignments.body.value).toEqual([]);
    const memberOf = await client.get(isaiah, '/me/transitiveMemberOf');
    expect((memberOf.body.value ?? []).filter((row) => row['@odata.type'] === '#microsoft.graph.directoryRole')).toEqual([]);
  });

  it('keeps AU-scoped and custom roles out of memberOf', async () => {
    for (const person of [P.johannaLorenz, P.joniSherman]) {
      const memberOf = await client.get(person.userPrincipalName, '/me/memberOf');
      expect((memberOf.body.value ?? []).filter((row) => row['@odata.type'] === '#microsoft.graph.directoryRole')).toEqual([]);
    }
  });

  it("describes Joni Sherman's custom role with its allowed resource actions", async () => {
    const assignments = await client.get(P.joniSherman.userPrincipalName, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${P.joniSherman.id}'&$expand=roleDefinition`);
    expect(assignments.body.value).toEqual([
      expect.objectContaining({
        roleDefinition: expect.objectContaining({
          displayName: 'Restore Operators',
          isBuiltIn: false,
          rolePermissions: [expect.objectContaining({ allowedResourceActions: ['microsoft.directory/users/restore'] })],
        }),
      }),
    ]);
    const definitions = await client.get(P.alexWilber.userPrincipalName, '/roleManagement/directory/roleDefinitions');
    expect((definitions.body.value ?? []).some((row) => row.displayName === 'Restore Operators' && row.isBuiltIn === false)).toBe(true);
  });

  it("lets a member read only their own assignments, and refuses without a role-reading scope", async () => {
    const others = await client.get(P.diegoSiciliani.userPrincipalName, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${P.alexWilber.id}'`);
    expect(others.status).toBe(403);
    const token = await client.tokenFor(P.alexWilber.userPrincipalName, { scopes: ['User.Read', 'User.ReadWrite.All'] });
    const noScope = await client.get(P.alexWilber.userPrincipalName, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${P.alexWilber.id}'`, { token });
    expect(noScope.status).toBe(403);
    expect(noScope.body.error?.code).toBe('Authorization_RequestDenied');
  });

  it('returns directoryRole objects reduced to id and @odata.type without a role-reading scope', async () => {
    const token = await client.tokenFor(P.alexWilber.userPrincipalName, { scopes: ['User.Read', 'User.ReadWrite.All'] });
    const memberOf = await client.get(P.alexWilber.userPrincipalName, '/me/transitiveMemberOf', { token });
    const roles = (memberOf.body.value ?? []).filter((row) => row['@odata.type'] === '#microsoft.graph.directoryRole');
    expect(roles).toHaveLength(1);
    expect(Object.keys(roles[0] ?? {}).sort()).toEqual(['@odata.type', 'id']);
    const full = await client.get(P.alexWilber.userPrincipalName, '/me/transitiveMemberOf');
    expect((full.body.value ?? []).find((row) => row['@odata.type'] === '#microsoft.graph.directoryRole')).toEqual(expect.objectContaining({ displayName: 'User Administrator', roleTemplateId: USER_ADMIN_TEMPLATE }));
  });

  it('does not serve the beta-only transitiveRoleAssignments under v1.0', async () => {
    const response = await client.get(P.alexWilber.userPrincipalName, `/roleManagement/directory/transitiveRoleAssignments?$filter=principalId eq '${P.alexWilber.id}'`, { headers: { ConsistencyLevel: 'eventual' } });
    expect(response.status).toBe(400);
  });

  it('lists the active members of an administrative unit', async () => {
    const members = await client.get(P.alexWilber.userPrincipalName, `/directory/administrativeUnits/${SEATTLE}/members`);
    expect(members.status).toBe(200);
    expect((members.body.value ?? []).map((row) => row.id).sort()).toEqual([P.diegoSiciliani.id, P.johannaLorenz.id, P.miriamGraham.id].sort());
  });

  describe('writes', () => {
    it('never lets an eligible-but-inactive role authorize a restore', async () => {
      const response = await client.post(P.isaiahLanger.userPrincipalName, `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`);
      expect(response.status).toBe(403);
    });

    it('lets an AU-scoped User Administrator delete users of the unit only', async () => {
      const outside = await client.call(P.johannaLorenz.userPrincipalName, 'DELETE', `/users/${P.lynneRobbins.id}`);
      expect(outside.status).toBe(403);
      const inside = await client.call(P.johannaLorenz.userPrincipalName, 'DELETE', `/users/${P.miriamGraham.id}`);
      expect(inside.status).toBe(204);
    });

    it('does not let an AU-scoped role restore soft-deleted users (the docs are silent, so the sandbox refuses)', async () => {
      const response = await client.post(P.johannaLorenz.userPrincipalName, `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`);
      expect(response.status).toBe(403);
    });

    it('lets the custom role restore ordinary users but not privileged ones or groups', async () => {
      const joni = P.joniSherman.userPrincipalName;
      expect((await client.post(joni, `/directory/deletedItems/${P.allanDeyoungDeleted.id}/restore`)).status).toBe(403);
      expect((await client.post(joni, `/directory/deletedItems/${CONTOSO_OBJECTS.groups.projectFalconDeleted}/restore`)).status).toBe(403);
      expect((await client.post(joni, `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`)).status).toBe(200);
    });
  });
});
