import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { StaticTokenProvider } from '../../../src/graph/token-provider';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { ADMIN, clientFor, control } from './sandbox-support';

describe('token providers and the client against the sandbox', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('gets a delegated token for a user, caches it, and calls Graph as that user', async () => {
    const provider = new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: ADMIN.userPrincipalName });
    const first = await provider.getToken();
    const second = await provider.getToken();
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    const client = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: provider });
    const me = await client.request<{ id: string; userPrincipalName: string }>({ url: '/me?$select=id,userPrincipalName' });
    expect(me.ok).toBe(true);
    if (me.ok) {
      expect(me.body.id).toBe(ADMIN.id);
      expect(me.requestId).toBeTruthy();
    }
  });

  it('reports a user the sandbox does not know as needing sign-in', async () => {
    const provider = new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: 'nobody@contoso.onmicrosoft.com' });
    const result = await provider.getToken();
    expect(result).toMatchObject({ ok: false, reason: 'sign-in-required' });
  });

  it('turns an expired token into a token-expired error that stops a run', async () => {
    const token = await sandbox.issueToken(ADMIN.id, { lifetimeSeconds: 60 });
    await control(sandbox, 'POST', '/_sandbox/clock', { advanceSeconds: 600 });
    const client = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: new StaticTokenProvider(token) });
    const response = await client.request({ url: '/users?$top=1' });
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.status).toBe(401);
      expect(response.error.code).toBe('InvalidAuthenticationToken');
      expect(response.error.category).toBe('token-expired');
      expect(response.error.stopsRun).toBe(true);
      expect(response.error.requestId).toBeTruthy();
    }
  });

  it('retries injected 503s with Retry-After and succeeds once they stop', async () => {
    const client = clientFor(sandbox);
    await control(sandbox, 'POST', '/_sandbox/faults', { errorRate: 1, errorStatus: 503, retryAfterSeconds: 1, paths: 'organization' });
    const failing = await client.request({ url: '/organization', retry: { maxAttempts: 2 } });
    expect(failing.ok).toBe(false);
    if (!failing.ok) {
      expect(failing.error.category).toBe('service-unavailable');
      expect(failing.error.attempts).toBe(2);
      expect(failing.error.retryAfterMs).toBe(1_000);
    }
    await control(sandbox, 'DELETE', '/_sandbox/faults');
    expect((await client.request({ url: '/organization' })).ok).toBe(true);
  });
});
