import { afterEach, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import { SandboxTestClient } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const admin = P.modAdministrator.userPrincipalName;
const inviter = P.lidiaHolloway.userPrincipalName;

interface SubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
}

function invitationBatch(start: number): { requests: Record<string, unknown>[] } {
  return {
    requests: Array.from({ length: 20 }, (_, i) => ({
      id: String(i + 1),
      method: 'POST',
      url: '/invitations',
      headers: { 'Content-Type': 'application/json' },
      body: { invitedUserEmailAddress: `guest${start + i}@fabrikam.com`, inviteRedirectUrl: 'https://myapps.microsoft.com' },
    })),
  };
}

describe('sandbox throttling', () => {
  let client: SandboxTestClient | undefined;

  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('throttles the 151st invitation within the 5 s window with 429, Retry-After and x-ms-throttle headers, and recovers once the window passes', async () => {
    // timeScale < 1 stretches the 5 s window to 100 s, so a slow machine cannot slide out of it mid-test.
    client = await SandboxTestClient.start({ throttling: true, timeScale: 0.05 });
    const token = await client.tokenFor(inviter, { lifetimeSeconds: 3600 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const response = await client.post(inviter, '/$batch', invitationBatch(i * 20), { token });
      expect(response.status).toBe(200);
      statuses.push(...(response.body.responses as SubResponse[]).map((sub) => sub.status));
    }
    expect(statuses.every((status) => status === 201)).toBe(true);
    const last = await client.post(inviter, '/$batch', invitationBatch(140), { token });
    const subs = last.body.responses as SubResponse[];
    const ok = subs.filter((sub) => sub.status === 201);
    const throttled = subs.filter((sub) => sub.status === 429);
    expect(ok).toHaveLength(10);
    expect(throttled).toHaveLength(10);
    const retryAfter = Number(throttled[0]?.headers['retry-after']);
    // The time scale stretches the window 20×, and Retry-After with it.
    expect(retryAfter).toBeGreaterThan(5);
    expect(throttled[0]?.headers['x-ms-throttle-scope']).toBeTruthy();
    expect(throttled[0]?.headers['x-ms-throttle-information']).toBeTruthy();

    const direct = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'late@fabrikam.com', inviteRedirectUrl: 'https://myapps.microsoft.com' }, { token });
    expect(direct.status).toBe(429);
    expect(direct.body.error?.code).toBe('TooManyRequests');
    expect(direct.body.error?.innerError?.status).toBe('429');
    expect(Number(direct.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const state = await client.control('GET', '/_sandbox/state');
    expect(state.body.invitationsSent).toBe(150);

    await client.control('POST', '/_sandbox/clock', { advanceSeconds: 101 });
    const after = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'later@fabrikam.com', inviteRedirectUrl: 'https://myapps.microsoft.com' }, { token });
    expect(after.status).toBe(201);
  });

  it('charges resource units per request cost: GET /users is 2, 1 with $select', async () => {
    client = await SandboxTestClient.start({ throttling: true });
    const full = await client.get(admin, '/users');
    expect(full.headers.get('x-ms-resource-unit')).toBe('2');
    const selected = await client.get(admin, '/users?$select=id');
    expect(selected.headers.get('x-ms-resource-unit')).toBe('1');
  });

  it('does not throttle when throttling is off', async () => {
    client = await SandboxTestClient.start({ throttling: false });
    const token = await client.tokenFor(inviter);
    for (let i = 0; i < 8; i += 1) {
      const response = await client.post(inviter, '/$batch', invitationBatch(i * 20), { token });
      expect((response.body.responses as SubResponse[]).every((sub) => sub.status === 201)).toBe(true);
    }
  });
});

describe('sandbox fault injection', () => {
  let client: SandboxTestClient | undefined;

  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('injects 503 with Retry-After on matching paths only, and clears', async () => {
    client = await SandboxTestClient.start();
    const set = await client.control('POST', '/_sandbox/faults', { errorRate: 1, errorStatus: 503, retryAfterSeconds: 7, paths: '^/users' });
    expect(set.status).toBe(200);
    const failed = await client.get(admin, '/users');
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('7');
    expect(failed.body.error?.innerError?.['request-id']).toBeTruthy();
    expect((await client.get(admin, '/groups')).status).toBe(200);
    const cleared = await client.control('DELETE', '/_sandbox/faults');
    expect(cleared.status).toBe(200);
    expect((await client.get(admin, '/users')).status).toBe(200);
  });

  it('injects faults into batch sub-requests too', async () => {
    client = await SandboxTestClient.start();
    await client.control('POST', '/_sandbox/faults', { errorRate: 1, errorStatus: 500, paths: '^/me$' });
    const response = await client.post(admin, '/$batch', { requests: [{ id: '1', method: 'GET', url: '/me' }, { id: '2', method: 'GET', url: '/organization' }] });
    const subs = new Map((response.body.responses as SubResponse[]).map((sub) => [sub.id, sub.status]));
    expect(subs.get('1')).toBe(500);
    expect(subs.get('2')).toBe(200);
  });

  it('resets connections', async () => {
    client = await SandboxTestClient.start();
    await client.control('POST', '/_sandbox/faults', { resetRate: 1 });
    await expect(client.get(admin, '/me')).rejects.toThrow();
  });

  it('rejects invalid fault settings with 400', async () => {
    client = await SandboxTestClient.start();
    for (const body of [{ errorRate: 2 }, { errorStatus: 200 }, { paths: '(' }, { unknown: 1 }]) {
      const response = await client.control('POST', '/_sandbox/faults', body);
      expect(response.status).toBe(400);
    }
    const current = await client.control('GET', '/_sandbox/faults');
    expect(current.body.faults).toEqual({});
  });
});
