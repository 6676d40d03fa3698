import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import { SandboxTestClient, ids } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const admin = P.modAdministrator.userPrincipalName;
const eventual = { ConsistencyLevel: 'eventual' };
const refusedUpn = "Unsupported or invalid query filter clause specified for property 'userPrincipalName' of resource 'User'.";

function usersWhere(filter: string, advanced = false): string {
  return `/users?$select=id&$filter=${encodeURIComponent(filter)}${advanced ? '&$count=true' : ''}`;
}

describe('the unsupportedFilters fault', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    client = await SandboxTestClient.start();
  });
  afterAll(async () => {
    await client.stop();
  });
  afterEach(async () => {
    await client.control('DELETE', '/_sandbox/faults');
  });

  it('refuses a property/operator pair anywhere in the filter, as Graph words it, and only that pair', async () => {
    expect((await client.get(admin, usersWhere("userPrincipalName ge 'm'"))).status).toBe(200);
    const set = await client.control('POST', '/_sandbox/faults', { unsupportedFilters: ['userPrincipalName ge'] });
    expect(set.status).toBe(200);

    for (const [filter, advanced] of [
      ["userPrincipalName ge 'm'", false],
      ["USERPRINCIPALNAME GE 'm'", false],
      ["userType eq 'Member' and not(userPrincipalName ge 'm')", true],
      ["displayName eq 'x' or (userPrincipalName ge 'a' and userPrincipalName le 'b')", false],
    ] as const) {
      const refused = await client.get(admin, usersWhere(filter, advanced), { headers: advanced ? eventual : {} });
      expect(refused.status, filter).toBe(400);
      expect(refused.body.error?.code).toBe('Request_UnsupportedQuery');
      expect(refused.body.error?.message).toBe(refusedUpn);
    }
    expect((await client.get(admin, usersWhere("userPrincipalName le 'm'"))).status).toBe(200);
    expect((await client.get(admin, usersWhere("startswith(userPrincipalName,'m')"))).status).toBe(200);
    expect((await client.get(admin, usersWhere("mail ge 'm'"))).status).toBe(200);
  });

  it('refuses functions and lambdas by name, on deleted items too, and inside $batch', async () => {
    await client.control('POST', '/_sandbox/faults', {
      unsupportedFilters: ['userPrincipalName endswith', 'mail eq', 'proxyAddresses any', 'displayName startswith'],
    });
    const endsWith = await client.get(
      admin,
      `/directory/deletedItems/microsoft.graph.user?$count=true&$filter=${encodeURIComponent("endswith(userPrincipalName,'adelev@contoso.com')")}`,
      { headers: eventual },
    );
    expect(endsWith.status).toBe(400);
    expect(endsWith.body.error?.message).toBe(refusedUpn);
    const mail = await client.get(admin, `/directory/deletedItems/microsoft.graph.group?$filter=${encodeURIComponent("mail eq 'x@contoso.com'")}`);
    expect(mail.status).toBe(400);
    expect(mail.body.error?.message).toBe("Unsupported or invalid query filter clause specified for property 'mail' of resource 'Group'.");
    expect((await client.get(admin, usersWhere("proxyAddresses/any(p:p eq 'smtp:x@contoso.com')"))).status).toBe(400);
    expect((await client.get(admin, usersWhere("not(startswith(displayName,'A'))", true), { headers: eventual })).status).toBe(400);
    expect((await client.get(admin, usersWhere("displayName eq 'Adele Vance'"))).status).toBe(200);

    const batch = await client.post(admin, '/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/users?$select=id&$filter=${encodeURIComponent("mail eq 'x@contoso.com'")}` },
        { id: '2', method: 'GET', url: `/users?$select=id&$filter=${encodeURIComponent("userType eq 'Guest'")}` },
      ],
    });
    const statuses = Object.fromEntries((batch.body.responses as { id: string; status: number }[]).map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ '1': 400, '2': 200 });
  });

  it('is shown by GET, cleared by DELETE, and rejects entries that are not "<property> <operator>"', async () => {
    await client.control('POST', '/_sandbox/faults', { unsupportedFilters: ['userPrincipalName ge'] });
    expect((await client.control('GET', '/_sandbox/faults')).body.faults).toEqual({ unsupportedFilters: ['userPrincipalName ge'] });
    await client.control('DELETE', '/_sandbox/faults');
    expect((await client.control('GET', '/_sandbox/faults')).body.faults).toEqual({});
    expect((await client.get(admin, usersWhere("userPrincipalName ge 'm'"))).status).toBe(200);

    for (const bad of ['userPrincipalName', 'userPrincipalName contains', 'ge userPrincipalName', "userPrincipalName ge 'm'"]) {
      const response = await client.control('POST', '/_sandbox/faults', { unsupportedFilters: [bad] });
      expect(response.status, bad).toBe(400);
      expect(JSON.stringify(response.body)).toContain('startswith, endswith, any');
    }
  });
});

describe('deleted items follow their own $orderby table', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    client = await SandboxTestClient.start();
  });
  afterAll(async () => {
    await client.stop();
  });

  it('orders deleted users by userPrincipalName and deleted apps by displayName without advanced parameters, but not by createdDateTime', async () => {
    const byUpn = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName&$orderby=userPrincipalName');
    expect(byUpn.status).toBe(200);
    const upns = (byUpn.body.value ?? []).map((row) => String(row.userPrincipalName).toLowerCase());
    expect(upns).toEqual([...upns].sort());
    expect((await client.get(admin, '/directory/deletedItems/microsoft.graph.application?$orderby=displayName')).status).toBe(200);
    expect((await client.get(admin, '/applications?$orderby=displayName')).status).toBe(400);
    const created = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$count=true&$orderby=createdDateTime', { headers: eventual });
    expect(created.status).toBe(400);
    expect(created.body.error?.message).toBe('Sorting not supported for current query.');
    expect(ids(await client.get(admin, '/users?$count=true&$orderby=createdDateTime&$select=id', { headers: eventual })).length).toBeGreaterThan(0);
  });
});
