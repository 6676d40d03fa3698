import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import { SandboxTestClient } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const admin = P.modAdministrator.userPrincipalName;
const userAdmin = P.alexWilber.userPrincipalName;

describe('sandbox /_sandbox inspection endpoints', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    client = await SandboxTestClient.start();
  });

  afterAll(async () => {
    await client.stop();
  });

  it('reports counts per object type and per deleted type', async () => {
    const state = await client.control('GET', '/_sandbox/state');
    expect(state.status).toBe(200);
    expect(state.body.tenantId).toBe(client.sandbox.tenantId);
    const counts = state.body.counts as Record<string, number>;
    const deleted = state.body.deleted as Record<string, number>;
    expect(counts.user).toBe(20);
    expect(deleted.user).toBe(7);
    for (const kind of ['group', 'application', 'servicePrincipal', 'administrativeUnit']) {
      expect(counts[kind]).toBeGreaterThan(0);
      expect(deleted[kind]).toBeGreaterThan(0);
    }
  });

  it('audits every write with time, actor, method, path and outcome (failures too), and pages with since', async () => {
    const start = Number((await client.control('GET', '/_sandbox/state')).body.auditEntries);
    await client.get(admin, '/users');
    const restored = await client.post(userAdmin, `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`);
    expect(restored.status).toBe(200);
    const refused = await client.call(userAdmin, 'DELETE', `/users/${P.modAdministrator.id}`);
    expect(refused.status).toBe(403);
    const anonymous = await client.call(userAdmin, 'DELETE', `/users/${P.joniSherman.id}`, { token: null });
    expect(anonymous.status).toBe(401);
    const audit = await client.control('GET', `/_sandbox/audit?since=${start}`);
    const entries = audit.body.entries as Record<string, unknown>[];
    expect(entries.map((e) => [e.method, e.path, e.status, e.actorOid])).toEqual([
      ['POST', `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore`, 200, P.alexWilber.id],
      ['DELETE', `/users/${P.modAdministrator.id}`, 403, P.alexWilber.id],
      ['DELETE', `/users/${P.joniSherman.id}`, 401, null],
    ]);
    expect(String(entries[0]?.time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(entries[0]?.requestId).toBe(restored.headers.get('request-id'));
    expect(audit.body.next).toBe(start + 3);
    const later = await client.control('GET', `/_sandbox/audit?since=${start + 1}`);
    expect((later.body.entries as unknown[]).length).toBe(2);
    expect((await client.control('GET', '/_sandbox/audit?since=-1')).status).toBe(400);
  });

  it('advances the clock and validates the request', async () => {
    const before = await client.control('GET', '/_sandbox/clock');
    const advanced = await client.control('POST', '/_sandbox/clock', { advanceSeconds: 3600 });
    expect(advanced.status).toBe(200);
    expect(Date.parse(String(advanced.body.now)) - Date.parse(String(before.body.now))).toBeGreaterThanOrEqual(3600_000);
    expect((await client.control('POST', '/_sandbox/clock', { advanceDays: -1 })).status).toBe(400);
    expect((await client.control('POST', '/_sandbox/clock', { travel: 1 })).status).toBe(400);
  });

  it('answers unknown control endpoints with 404', async () => {
    expect((await client.control('GET', '/_sandbox/nothing')).status).toBe(404);
  });
});

describe('sandbox realistic latency mode', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    // A large time scale keeps the modelled delays tiny while exercising the same code path.
    client = await SandboxTestClient.start({ latency: 'realistic', timeScale: 1000 });
  });

  afterAll(async () => {
    await client.stop();
  });

  it('serves reads, writes and batches, and shuffles batch responses by default', async () => {
    expect((await client.get(admin, '/users?$top=999')).status).toBe(200);
    expect((await client.post(userAdmin, `/directory/deletedItems/${P.meganBowenDeleted.id}/restore`)).status).toBe(200);
    const requests = Array.from({ length: 4 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/me' }));
    const batch = await client.post(admin, '/$batch', { requests });
    const order = (batch.body.responses as { id: string }[]).map((sub) => sub.id);
    expect(order).not.toEqual(['1', '2', '3', '4']);
  });
});
