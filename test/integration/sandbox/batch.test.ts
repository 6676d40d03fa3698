import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import type { Row } from './sandbox-test-client';
import { SandboxTestClient } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const admin = P.modAdministrator.userPrincipalName;
const userAdmin = P.alexWilber.userPrincipalName;
const plain = P.diegoSiciliani.userPrincipalName;

interface SubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: Row & { error?: { code: string } };
}

function responses(body: Record<string, unknown>): SubResponse[] {
  return body.responses as SubResponse[];
}

function byId(body: Record<string, unknown>): Map<string, SubResponse> {
  return new Map(responses(body).map((response) => [response.id, response]));
}

describe('sandbox POST /$batch', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    client = await SandboxTestClient.start();
  });

  afterAll(async () => {
    await client.stop();
  });

  it('runs up to 20 sub-requests and returns 200 with one response per id', async () => {
    const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/users?$top=1&$select=id&x=${i}` }));
    const response = await client.post(admin, '/$batch', { requests });
    expect(response.status).toBe(200);
    const map = byId(response.body);
    expect(map.size).toBe(20);
    const units = [...map.values()].reduce((sum, sub) => sum + Number(sub.headers['x-ms-resource-unit']), 0);
    expect(Number(response.headers.get('x-ms-resource-unit'))).toBe(units);
    for (const sub of map.values()) {
      expect(sub.status).toBe(200);
      expect(Number(sub.headers['x-ms-resource-unit'])).toBeGreaterThanOrEqual(1);
      expect(sub.body?.value).toHaveLength(1);
    }
  });

  it('refuses 21 sub-requests with 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/me' }));
    const response = await client.post(admin, '/$batch', { requests });
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe('BadRequest');
    expect(response.body.error?.message).toMatch(/20/);
  });

  it('refuses duplicate ids, unknown dependsOn ids, a body without Content-Type and a malformed payload', async () => {
    const duplicate = await client.post(admin, '/$batch', { requests: [{ id: 'a', method: 'GET', url: '/me' }, { id: 'A', method: 'GET', url: '/me' }] });
    expect(duplicate.status).toBe(400);
    const unknownDep = await client.post(admin, '/$batch', { requests: [{ id: '1', method: 'GET', url: '/me', dependsOn: ['9'] }] });
    expect(unknownDep.status).toBe(400);
    const noContentType = await client.post(admin, '/$batch', { requests: [{ id: '1', method: 'POST', url: '/invitations', body: { a: 1 } }] });
    expect(noContentType.status).toBe(400);
    const malformed = await client.post(admin, '/$batch', { nope: true });
    expect(malformed.status).toBe(400);
  });

  it('authenticates the envelope', async () => {
    const response = await client.post(admin, '/$batch', { requests: [{ id: '1', method: 'GET', url: '/me' }] }, { token: 'garbage' });
    expect(response.status).toBe(401);
  });

  it('routes and authorizes each sub-request on its own', async () => {
    const requests = [
      { id: 'me', method: 'GET', url: '/me' },
      { id: 'restore', method: 'POST', url: `/directory/deletedItems/${P.adeleVanceDeleted.id}/restore` },
      { id: 'missing', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
      { id: 'bogus', method: 'GET', url: '/unicorns' },
    ];
    const response = await client.post(plain, '/$batch', { requests });
    expect(response.status).toBe(200);
    const map = byId(response.body);
    expect(map.get('me')?.status).toBe(200);
    expect(map.get('restore')?.status).toBe(403);
    expect(map.get('restore')?.body?.error?.code).toBe('Authorization_RequestDenied');
    expect(map.get('missing')?.status).toBe(404);
    expect(map.get('bogus')?.status).toBe(400);
  });

  it('fails dependents of a failed request with 424 and runs dependents of a successful one', async () => {
    const requests = [
      { id: '1', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
      { id: '2', method: 'GET', url: '/me', dependsOn: ['1'] },
      { id: '3', method: 'GET', url: '/me' },
      { id: '4', method: 'GET', url: '/organization', dependsOn: ['3'] },
    ];
    const map = byId((await client.post(admin, '/$batch', { requests })).body);
    expect(map.get('1')?.status).toBe(404);
    expect(map.get('2')?.status).toBe(424);
    expect(map.get('3')?.status).toBe(200);
    expect(map.get('4')?.status).toBe(200);
  });

  it('passes sub-request headers such as ConsistencyLevel and bodies with Content-Type', async () => {
    const requests = [
      { id: 'count', method: 'GET', url: '/users/$count', headers: { ConsistencyLevel: 'eventual' } },
      {
        id: 'create',
        method: 'POST',
        url: '/users',
        headers: { 'Content-Type': 'application/json' },
        body: {
          accountEnabled: true,
          displayName: 'Batch Made',
          mailNickname: 'batch.made',
          userPrincipalName: 'batch.made@contoso.onmicrosoft.com',
          passwordProfile: { password: 'Str0ng!Passw0rd' },
        },
      },
    ];
    const map = byId((await client.post(userAdmin, '/$batch', { requests })).body);
    expect(map.get('count')?.status).toBe(200);
    expect(Number(map.get('count')?.body)).toBeGreaterThan(10);
    expect(map.get('create')?.status).toBe(201);
  });

  it('audits writes inside a batch with the batch id', async () => {
    const before = Number((await client.control('GET', '/_sandbox/state')).body.auditEntries);
    const requests = [{ id: 'r', method: 'POST', url: `/directory/deletedItems/${P.meganBowenDeleted.id}/restore` }];
    const map = byId((await client.post(userAdmin, '/$batch', { requests })).body);
    expect(map.get('r')?.status).toBe(200);
    const audit = await client.control('GET', `/_sandbox/audit?since=${before}`);
    const entries = audit.body.entries as Record<string, unknown>[];
    expect(entries).toHaveLength(1);
    expect(entries[0]?.actorOid).toBe(P.alexWilber.id);
    expect(entries[0]?.method).toBe('POST');
    expect(entries[0]?.status).toBe(200);
    expect(String(entries[0]?.batchId)).toMatch(/^batch-/);
  });
});

describe('sandbox $batch in shuffled mode', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    client = await SandboxTestClient.start({ shuffleBatchResponses: true });
  });

  afterAll(async () => {
    await client.stop();
  });

  it('always returns sub-responses out of request order', async () => {
    const requests = Array.from({ length: 5 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/me' }));
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await client.post(admin, '/$batch', { requests });
      const order = responses(response.body).map((sub) => sub.id);
      expect(order).not.toEqual(['1', '2', '3', '4', '5']);
      expect([...order].sort()).toEqual(['1', '2', '3', '4', '5']);
    }
  });
});
