import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { findDeletedObjects } from '../../../src/operations/deleted-objects';
import { CONTOSO_DOMAIN, CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';

let sandbox: RunningSandbox;
let graph: GraphClient;
let madeleId: string;
const adeleUpn = CONTOSO_PEOPLE.adeleVanceDeleted.userPrincipalName;
const madeleUpn = `m${adeleUpn}`;

async function faults(body: unknown): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method: body === undefined ? 'DELETE' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(response.status).toBe(200);
}

async function idsFound(query: string): Promise<string[]> {
  const found = await findDeletedObjects(graph, query, { now: Date.now() });
  if (!found.ok) throw found.error;
  return found.matches.map((m) => m.id).sort();
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: CONTOSO_PEOPLE.modAdministrator.id }) });
  expect(madeleUpn.toLowerCase().endsWith(adeleUpn.toLowerCase())).toBe(true);
  const created = await graph.request<{ id: string }>({
    method: 'POST',
    url: '/users',
    body: {
      accountEnabled: true,
      displayName: 'Madele Vance',
      mailNickname: 'mAdeleV',
      userPrincipalName: madeleUpn,
      passwordProfile: { password: 'Start-2026-Strong!', forceChangePasswordNextSignIn: true },
    },
  });
  if (!created.ok) throw created.error;
  madeleId = created.body.id;
  const deleted = await graph.request({ method: 'DELETE', url: `/users/${madeleId}` });
  if (!deleted.ok) throw deleted.error;
});
afterAll(async () => {
  await sandbox.stop();
});
afterEach(async () => {
  await faults(undefined);
});

describe('finding a deleted user by the UPN or mail they had', () => {
  it('matches the exact original UPN only: adelev@ does not find madelev@', async () => {
    expect(await idsFound(adeleUpn)).toEqual([CONTOSO_PEOPLE.adeleVanceDeleted.id]);
    expect(await idsFound(madeleUpn.toUpperCase())).toEqual([madeleId]);
  });

  it('reads the recycle bin and matches exactly when Graph refuses endswith on userPrincipalName', async () => {
    await faults({ unsupportedFilters: [`userPrincipalName endswith`] });
    expect(await idsFound(adeleUpn)).toEqual([CONTOSO_PEOPLE.adeleVanceDeleted.id]);
    expect(await idsFound(madeleUpn)).toEqual([madeleId]);
    expect(await idsFound(`nobody@${CONTOSO_DOMAIN}`)).toEqual([]);
  });

  it('still finds users and groups by address when Graph refuses mail eq as well', async () => {
    await faults({ unsupportedFilters: ['userPrincipalName endswith', 'mail eq'] });
    expect(await idsFound(madeleUpn)).toEqual([madeleId]);
    const group = await graph.request<{ mail: string }>({ url: `/directory/deletedItems/${CONTOSO_OBJECTS.groups.contosoLifeDeleted}?$select=mail` });
    if (!group.ok) throw group.error;
    expect(await idsFound(group.body.mail)).toEqual([CONTOSO_OBJECTS.groups.contosoLifeDeleted]);
    const found = await findDeletedObjects(graph, adeleUpn, { now: Date.now() });
    expect(found.ok && found.matches.map((m) => [m.displayName, m.userPrincipalName, m.type])).toEqual([['Adele Vance', adeleUpn, 'user']]);
  });
});
