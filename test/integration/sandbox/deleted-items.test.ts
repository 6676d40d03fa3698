import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTOSO_DOMAIN, CONTOSO_OBJECTS, CONTOSO_PEOPLE, PRIVILEGED_SCOPES } from '../../../src/sandbox/index';
import { SandboxTestClient, ids } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const G = CONTOSO_OBJECTS.groups;
const admin = P.modAdministrator.userPrincipalName;
const userAdmin = P.alexWilber.userPrincipalName;
const helpdesk = P.leeGu.userPrincipalName;
const groupsAdmin = P.nestorWilke.userPrincipalName;
const roleAdmin = P.pattiFernandez.userPrincipalName;
const appAdmin = P.pradeepGupta.userPrincipalName;
const plain = P.diegoSiciliani.userPrincipalName;
const eventual = { ConsistencyLevel: 'eventual' };

describe('sandbox /directory/deletedItems', () => {
  let client: SandboxTestClient;

  beforeEach(async () => {
    client = await SandboxTestClient.start();
  });

  afterEach(async () => {
    await client.stop();
  });

  describe('listing', () => {
    it('requires the OData cast', async () => {
      const response = await client.get(admin, '/directory/deletedItems');
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('Request_BadRequest');
    });

    it('lists every deleted type, including two deleted users named Megan Bowen', async () => {
      const users = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$select=id,displayName,userPrincipalName,deletedDateTime');
      expect(users.status).toBe(200);
      const megans = (users.body.value ?? []).filter((row) => row.displayName === 'Megan Bowen');
      expect(megans).toHaveLength(2);
      expect(new Set(megans.map((row) => row.userPrincipalName)).size).toBe(2);
      expect(new Set(megans.map((row) => row.deletedDateTime)).size).toBe(2);
      for (const cast of ['group', 'application', 'servicePrincipal', 'administrativeUnit']) {
        const list = await client.get(admin, `/directory/deletedItems/microsoft.graph.${cast}`);
        expect(list.status).toBe(200);
        expect(list.body.value?.length).toBeGreaterThan(0);
        for (const row of list.body.value ?? []) expect(typeof row.deletedDateTime).toBe('string');
      }
    });

    it('reports soft-deleted security groups with securityEnabled false and tells types apart by groupTypes', async () => {
      const groups = await client.get(admin, '/directory/deletedItems/microsoft.graph.group');
      const falcon = groups.body.value?.find((row) => row.id === G.projectFalconDeleted);
      expect(falcon?.securityEnabled).toBe(false);
      expect(falcon?.groupTypes).toEqual([]);
      const life = groups.body.value?.find((row) => row.id === G.contosoLifeDeleted);
      expect(life?.groupTypes).toEqual(['Unified']);
    });

    it('pages with $top and @odata.nextLink', async () => {
      const first = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$top=2&$select=id');
      expect(first.body.value).toHaveLength(2);
      const all = [...ids(first)];
      let link = first.body['@odata.nextLink'];
      while (link) {
        const page = await client.get(admin, link);
        all.push(...ids(page));
        link = page.body['@odata.nextLink'];
      }
      const full = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$select=id');
      expect(all).toEqual(ids(full));
    });

    it('filters deleted users with the Entra PowerShell -SearchString filter', async () => {
      const filter = "mailNickName eq 'Megan' or (mail eq 'Megan' or (displayName eq 'Megan' or startswith(displayName,'Megan')))";
      const response = await client.get(admin, `/directory/deletedItems/microsoft.graph.user?$filter=${encodeURIComponent(filter)}`);
      expect(response.status).toBe(200);
      expect(new Set(ids(response))).toEqual(new Set([P.meganBowenDeleted.id, P.meganBowenOtherDeleted.id]));
    });

    it('needs ConsistencyLevel: eventual for $search and $orderby=deletedDateTime', async () => {
      const search = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$search="displayName:Megan"');
      expect(search.status).toBe(400);
      const ordered = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$orderby=deletedDateTime asc');
      expect(ordered.status).toBe(400);
      const ok = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$count=true&$orderby=deletedDateTime asc&$select=id,deletedDateTime', {
        headers: eventual,
      });
      expect(ok.status).toBe(200);
      const dates = (ok.body.value ?? []).map((row) => String(row.deletedDateTime));
      expect(dates).toEqual([...dates].sort());
      expect(ok.body['@odata.count']).toBe(dates.length);
      const searched = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$search="displayName:Megan"&$count=true', { headers: eventual });
      expect(searched.status).toBe(200);
      expect(searched.body['@odata.count']).toBe(2);
    });

    it('gets one deleted item with its @odata.type, also through the typed path', async () => {
      const item = await client.get(admin, `/directory/deletedItems/${P.adeleVanceDeleted.id}`);
      expect(item.status).toBe(200);
      expect(item.body['@odata.type']).toBe('#microsoft.graph.user');
      expect(item.body.displayName).toBe('Adele Vance');
      const typed = await client.get(admin, `/directory/deletedItems/${P.adeleVanceDeleted.id}/microsoft.graph.user`);
      expect(typed.status).toBe(200);
      const wrongType = await client.get(admin, `/directory/deletedItems/${P.adeleVanceDeleted.id}/microsoft.graph.group`);
      expect(wrongType.status).toBe(404);
      const active = await client.get(admin, `/directory/deletedItems/${P.joniSherman.id}`);
      expect(active.status).toBe(404);
    });

    it('refuses listing to a user without any admin role', async () => {
      const response = await client.get(plain, '/directory/deletedItems/microsoft.graph.user');
      expect(response.status).toBe(403);
    });
  });

  describe('restore', () => {
    it('restores a plain user for a User Administrator, with the original UPN and group memberships', async () => {
      const response = await client.post(userAdmin, `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`);
      expect(response.status).toBe(200);
      expect(response.body['@odata.type']).toBe('#microsoft.graph.user');
      expect(response.body.userPrincipalName).toBe(P.adeleVanceDeleted.userPrincipalName);
      expect(response.body.deletedDateTime).toBeNull();
      const user = await client.get(admin, `/users/${P.adeleVanceDeleted.id}`);
      expect(user.status).toBe(200);
      const groups = await client.get(admin, `/users/${P.adeleVanceDeleted.id}/memberOf`);
      expect(ids(groups)).toContain(G.mark8ProjectTeam);
      const bin = await client.get(admin, `/directory/deletedItems/${P.adeleVanceDeleted.id}`);
      expect(bin.status).toBe(404);
    });

    it('also answers on the microsoft.graph.restore path', async () => {
      const response = await client.post(userAdmin, `/directory/deletedItems/${P.meganBowenDeleted.id}/microsoft.graph.restore`);
      expect(response.status).toBe(200);
    });

    it('404s an id that is not in the recycle bin', async () => {
      const response = await client.post(admin, '/directory/deletedItems/11111111-2222-3333-4444-555555555555/restore');
      expect(response.status).toBe(404);
      expect(response.body.error?.code).toBe('Request_ResourceNotFound');
    });

    it('refuses a UPN conflict with ObjectConflict, and succeeds with newUserPrincipalName plus autoReconcileProxyConflict', async () => {
      const id = P.christieClineOldDeleted.id;
      const conflict = await client.post(userAdmin, `/directory/deletedItems/${id}/restore`);
      expect(conflict.status).toBe(400);
      expect(conflict.body.error?.code).toBe('Request_BadRequest');
      expect(conflict.body.error?.details?.[0]).toEqual({ code: 'ObjectConflict', target: 'userPrincipalName' });
      const newUpn = `christie.old@${CONTOSO_DOMAIN}`;
      const proxy = await client.post(userAdmin, `/directory/deletedItems/${id}/restore`, { newUserPrincipalName: newUpn });
      expect(proxy.status).toBe(400);
      expect(proxy.body.error?.details?.[0]).toEqual({ code: 'ObjectConflict', target: 'proxyAddresses' });
      expect(proxy.body.error?.details?.[1]).toEqual({ code: 'ConflictingObjects', target: P.christieCline.id });
      const ok = await client.post(userAdmin, `/directory/deletedItems/${id}/restore`, { newUserPrincipalName: newUpn, autoReconcileProxyConflict: true });
      expect(ok.status).toBe(200);
      expect(ok.body.userPrincipalName).toBe(newUpn);
      const user = await client.get(admin, `/users/${id}?$select=proxyAddresses`);
      expect(user.body.proxyAddresses).toEqual([]);
    });

    it('refuses a proxy address conflict unless autoReconcileProxyConflict is true', async () => {
      const id = P.emilyBraunDeleted.id;
      const refused = await client.post(userAdmin, `/directory/deletedItems/${id}/restore`, {});
      expect(refused.status).toBe(400);
      expect(refused.body.error?.message).toBe('Another object with the same value for property proxyAddresses already exists.');
      const ok = await client.post(userAdmin, `/directory/deletedItems/${id}/restore`, { autoReconcileProxyConflict: true });
      expect(ok.status).toBe(200);
      expect(ok.body.proxyAddresses).toEqual([`SMTP:EmilyB@${CONTOSO_DOMAIN}`]);
    });

    it('rejects a newUserPrincipalName outside the verified domains and unknown parameters', async () => {
      const domain = await client.post(userAdmin, `/directory/deletedItems/${P.meganBowenOtherDeleted.id}/restore`, { newUserPrincipalName: 'megan@fabrikam.com' });
      expect(domain.status).toBe(400);
      const unknown = await client.post(userAdmin, `/directory/deletedItems/${P.meganBowenOtherDeleted.id}/restore`, { newUpn: 'x' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error?.message).toContain("'newUpn'");
    });

    it('needs a higher role than User Administrator to restore a user who holds a privileged role', async () => {
      const id = P.allanDeyoungDeleted.id;
      const denied = await client.post(userAdmin, `/directory/deletedItems/${id}/restore`);
      expect(denied.status).toBe(403);
      expect(denied.body.error?.code).toBe('Authorization_RequestDenied');
      expect(denied.body.error?.message).toBe('Insufficient privileges to complete the operation.');
      // The app's own scopes are not enough even for a Global Administrator: Graph wants Directory.AccessAsUser.All too.
      const appScopesOnly = await client.post(admin, `/directory/deletedItems/${id}/restore`);
      expect(appScopesOnly.status).toBe(403);
      const token = await client.tokenFor(admin, { scopes: [...PRIVILEGED_SCOPES] });
      const ok = await client.post(admin, `/directory/deletedItems/${id}/restore`, undefined, { token });
      expect(ok.status).toBe(200);
    });

    it('refuses restoring users to a Helpdesk Administrator, a Guest Inviter and a plain user', async () => {
      for (const caller of [helpdesk, P.lidiaHolloway.userPrincipalName, plain]) {
        const response = await client.post(caller, `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`);
        expect(response.status).toBe(403);
      }
    });

    it('refuses restoring a user when the token lacks User.ReadWrite.All / User.DeleteRestore.All', async () => {
      const token = await client.tokenFor(admin, { scopes: ['User.Read.All', 'Group.ReadWrite.All'] });
      const response = await client.post(admin, `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`, undefined, { token });
      expect(response.status).toBe(403);
    });

    it('restores Microsoft 365 and cloud security groups for a Groups Administrator', async () => {
      const life = await client.post(groupsAdmin, `/directory/deletedItems/${G.contosoLifeDeleted}/restore`);
      expect(life.status).toBe(200);
      expect(life.body['@odata.type']).toBe('#microsoft.graph.group');
      const falcon = await client.post(groupsAdmin, `/directory/deletedItems/${G.projectFalconDeleted}/restore`);
      expect(falcon.status).toBe(200);
      expect(falcon.body.securityEnabled).toBe(true);
    });

    it('needs a Privileged Role Administrator for role-assignable groups', async () => {
      const denied = await client.post(groupsAdmin, `/directory/deletedItems/${G.tier0AdminsDeleted}/restore`);
      expect(denied.status).toBe(403);
      const appScopesOnly = await client.post(roleAdmin, `/directory/deletedItems/${G.tier0AdminsDeleted}/restore`);
      expect(appScopesOnly.status).toBe(403);
      const token = await client.tokenFor(roleAdmin, { scopes: [...PRIVILEGED_SCOPES] });
      const ok = await client.post(roleAdmin, `/directory/deletedItems/${G.tier0AdminsDeleted}/restore`, undefined, { token });
      expect(ok.status).toBe(200);
    });

    it('holds only Microsoft 365 and cloud security groups: no distribution list, mail-enabled security or synced group', async () => {
      const groups = await client.get(admin, '/directory/deletedItems/microsoft.graph.group?$top=999');
      const rows = groups.body.value ?? [];
      expect(ids(groups).sort()).toEqual([G.contosoLifeDeleted, G.projectFalconDeleted, G.tier0AdminsDeleted].sort());
      for (const row of rows) {
        const unified = (row.groupTypes as string[]).includes('Unified');
        expect(unified || row.mailEnabled === false).toBe(true);
        expect(row.onPremisesSyncEnabled).not.toBe(true);
      }
      for (const formerId of ['c0a70600-0000-4000-8000-000000000104', 'c0a70600-0000-4000-8000-000000000105', 'c0a70600-0000-4000-8000-000000000106']) {
        const response = await client.post(admin, `/directory/deletedItems/${formerId}/restore`);
        expect(response.status).toBe(404);
        expect(response.body.error?.code).toBe('Request_ResourceNotFound');
      }
    });

    it('restores an application without its service principal', async () => {
      const apps = CONTOSO_OBJECTS.applications;
      const sps = CONTOSO_OBJECTS.servicePrincipals;
      const denied = await client.post(userAdmin, `/directory/deletedItems/${apps.legacyCrmDeleted}/restore`);
      expect(denied.status).toBe(403);
      const app = await client.post(appAdmin, `/directory/deletedItems/${apps.legacyCrmDeleted}/restore`);
      expect(app.status).toBe(200);
      expect(app.body['@odata.type']).toBe('#microsoft.graph.application');
      expect((await client.get(admin, `/servicePrincipals/${sps.legacyCrmDeleted}`)).status).toBe(404);
      expect((await client.get(admin, `/directory/deletedItems/${sps.legacyCrmDeleted}`)).status).toBe(200);
      const sp = await client.post(appAdmin, `/directory/deletedItems/${sps.legacyCrmDeleted}/restore`);
      expect(sp.status).toBe(200);
      expect((await client.get(admin, `/servicePrincipals/${sps.legacyCrmDeleted}`)).status).toBe(200);
    });

    it('restores an administrative unit for a Privileged Role Administrator only', async () => {
      const au = CONTOSO_OBJECTS.administrativeUnits.munichOfficeDeleted;
      expect((await client.post(userAdmin, `/directory/deletedItems/${au}/restore`)).status).toBe(403);
      const ok = await client.post(roleAdmin, `/directory/deletedItems/${au}/restore`);
      expect(ok.status).toBe(200);
      expect((await client.get(admin, `/directory/administrativeUnits/${au}`)).status).toBe(200);
    });
  });

  describe('purge and retention', () => {
    it('permanently deletes with DELETE (204); afterwards restore is 404', async () => {
      const id = P.meganBowenOtherDeleted.id;
      const purged = await client.call(userAdmin, 'DELETE', `/directory/deletedItems/${id}`);
      expect(purged.status).toBe(204);
      expect((await client.post(userAdmin, `/directory/deletedItems/${id}/restore`)).status).toBe(404);
      expect((await client.get(admin, `/directory/deletedItems/${id}`)).status).toBe(404);
    });

    it('refuses purging an administrative unit through deletedItems', async () => {
      const response = await client.call(admin, 'DELETE', `/directory/deletedItems/${CONTOSO_OBJECTS.administrativeUnits.munichOfficeDeleted}`);
      expect(response.status).toBe(400);
      expect(response.body.error?.message).toMatch(/Administrative units cannot be permanently deleted/);
    });

    it('refuses purging to a Helpdesk Administrator', async () => {
      const response = await client.call(helpdesk, 'DELETE', `/directory/deletedItems/${P.adeleVanceDeleted.id}`);
      expect(response.status).toBe(403);
    });

    it('hard-deletes objects 30 days after deletion on the sandbox clock', async () => {
      // Adele was deleted 5 days ago, the older Megan Bowen 21 days ago.
      const token = await client.tokenFor(admin, { lifetimeSeconds: 28 * 86_400 });
      await client.control('POST', '/_sandbox/clock', { advanceDays: 10 });
      expect((await client.get(admin, `/directory/deletedItems/${P.meganBowenOtherDeleted.id}`, { token })).status).toBe(404);
      expect((await client.get(admin, `/directory/deletedItems/${P.adeleVanceDeleted.id}`, { token })).status).toBe(200);
      await client.control('POST', '/_sandbox/clock', { advanceDays: 15 });
      expect((await client.get(admin, `/directory/deletedItems/${P.adeleVanceDeleted.id}`, { token })).status).toBe(404);
      const state = await client.control('GET', '/_sandbox/state');
      // Only the Megan Bowen deleted 3 days ago (now 28 days) is left.
      expect((state.body.deleted as Record<string, number>).user).toBe(1);
      expect((await client.get(admin, `/directory/deletedItems/${P.meganBowenDeleted.id}`, { token })).status).toBe(200);
    });
  });
});
