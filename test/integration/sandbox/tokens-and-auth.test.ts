import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import { SandboxTestClient } from './sandbox-test-client';

const admin = CONTOSO_PEOPLE.modAdministrator.userPrincipalName;

describe('sandbox tokens and authentication', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    client = await SandboxTestClient.start();
  });

  afterAll(async () => {
    await client.stop();
  });

  it('issues a signed delegated JWT with the documented claims from POST /_sandbox/token', async () => {
    const response = await client.control('POST', '/_sandbox/token', { user: CONTOSO_PEOPLE.alexWilber.userPrincipalName, lifetimeSeconds: 600 });
    expect(response.status).toBe(200);
    expect(response.body.token_type).toBe('Bearer');
    expect(response.body.expires_in).toBe(600);
    const token = String(response.body.access_token);
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims.oid).toBe(CONTOSO_PEOPLE.alexWilber.id);
    expect(claims.tid).toBe(client.sandbox.tenantId);
    expect(claims.upn).toBe(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(String(claims.scp)).toContain('User.ReadWrite.All');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    const me = await client.get('', '/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(CONTOSO_PEOPLE.alexWilber.id);
  });

  it('accepts an object id as the user and refuses unknown users', async () => {
    const byId = await client.control('POST', '/_sandbox/token', { user: CONTOSO_PEOPLE.leeGu.id });
    expect(byId.status).toBe(200);
    const unknown = await client.control('POST', '/_sandbox/token', { user: 'nobody@contoso.onmicrosoft.com' });
    expect(unknown.status).toBe(400);
    const malformed = await client.control('POST', '/_sandbox/token', { person: 'x' });
    expect(malformed.status).toBe(400);
  });

  it('answers a missing token with 401 InvalidAuthenticationToken in Graph error shape', async () => {
    const response = await client.get(admin, '/users', { token: null });
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('InvalidAuthenticationToken');
    expect(response.body.error?.innerError?.['request-id']).toBe(response.headers.get('request-id'));
    expect(response.body.error?.innerError?.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('answers a malformed token with 401', async () => {
    const response = await client.get(admin, '/users', { token: 'not-a-jwt' });
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('InvalidAuthenticationToken');
  });

  it('answers a wrongly signed token with 401', async () => {
    const token = await client.tokenFor(admin);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged-signature').toString('base64url')}`;
    const response = await client.get(admin, '/users', { token: forged });
    expect(response.status).toBe(401);
    expect(response.body.error?.code).toBe('InvalidAuthenticationToken');
  });

  it('answers a token whose claims were altered with 401', async () => {
    const token = await client.tokenFor(admin);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    claims.oid = CONTOSO_PEOPLE.leeGu.id;
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const response = await client.get(admin, '/me', { token: tampered });
    expect(response.status).toBe(401);
  });

  it('expires tokens on the sandbox clock, so a job can lose its token midway', async () => {
    const local = await SandboxTestClient.start();
    try {
      const token = await local.sandbox.issueToken(admin, { lifetimeSeconds: 60 });
      expect((await local.get(admin, '/me', { token })).status).toBe(200);
      await local.control('POST', '/_sandbox/clock', { advanceSeconds: 61 });
      const expired = await local.get(admin, '/me', { token });
      expect(expired.status).toBe(401);
      expect(expired.body.error?.code).toBe('InvalidAuthenticationToken');
      expect(expired.body.error?.message).toMatch(/expired/i);
    } finally {
      await local.stop();
    }
  });

  it('checks the scope in the token: without a write scope a Global Administrator is refused', async () => {
    const token = await client.tokenFor(admin, { scopes: ['User.Read.All'] });
    const response = await client.post(admin, '/users', {}, { token });
    expect(response.status).toBe(403);
    expect(response.body.error?.code).toBe('Authorization_RequestDenied');
    expect(response.body.error?.message).toBe('Insufficient privileges to complete the operation.');
  });

  it('sets request-id, client-request-id and x-ms-resource-unit on every response', async () => {
    const response = await client.get(admin, '/users?$top=1', { headers: { 'client-request-id': 'my-correlation-id' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('client-request-id')).toBe('my-correlation-id');
    expect(response.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(response.headers.get('x-ms-resource-unit'))).toBeGreaterThanOrEqual(1);
  });

  it('answers unknown segments and versions like Graph', async () => {
    const unknown = await client.get(admin, '/unicorns');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.message).toBe("Resource not found for the segment 'unicorns'.");
    const method = await client.call(admin, 'PUT', '/users');
    expect(method.status).toBe(405);
    const version = await fetch(`${client.sandbox.url}/v2.0/users`);
    expect(version.status).toBe(400);
  });
});
