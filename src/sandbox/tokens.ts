import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
// Data shared with the app registration (not product code): the sandbox's default scopes are the app's scopes.
import appRegistrationPermissions from '../app-registration/graph-delegated-permissions.json';

export const SANDBOX_CLIENT_APP_ID = '5d1c8a3e-0b6f-4c2a-9e7d-3f1a2b4c6d80';

/** Sign-in scopes the app requests that never appear in a Graph access token's `scp`. */
const OPENID_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * The default token's `scp`: exactly the delegated Graph scopes the app registration requests. Read from the same data
 * file as the product's aad.manifest.json check; this is data, not product code, so the sandbox stays independent.
 */
export const DEFAULT_DELEGATED_SCOPES: readonly string[] = appRegistrationPermissions
  .map((permission: { name: string }) => permission.name)
  .filter((name: string) => !OPENID_SCOPES.has(name));

/** A broader token, only for tests that ask for it by name: what an admin gets from a "privileged" sign-in. */
export const PRIVILEGED_SCOPES: readonly string[] = [...DEFAULT_DELEGATED_SCOPES, 'Directory.AccessAsUser.All', 'RoleManagement.ReadWrite.Directory'];

const claimsSchema = z.object({
  aud: z.string(),
  iss: z.string(),
  oid: z.string(),
  tid: z.string(),
  upn: z.string(),
  appid: z.string(),
  scp: z.string(),
  iat: z.number(),
  nbf: z.number(),
  exp: z.number(),
});

export type TokenClaims = z.infer<typeof claimsSchema>;

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; message: string };

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export class TokenIssuer {
  private readonly key = randomBytes(32);

  constructor(
    private readonly tenantId: string,
    private readonly nowMs: () => number,
  ) {}

  issue(input: { oid: string; upn: string; lifetimeSeconds: number; scopes: readonly string[]; appId?: string }): string {
    const now = Math.floor(this.nowMs() / 1000);
    const claims: TokenClaims = {
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${this.tenantId}/`,
      oid: input.oid,
      tid: this.tenantId,
      upn: input.upn,
      appid: input.appId ?? SANDBOX_CLIENT_APP_ID,
      scp: input.scopes.join(' '),
      iat: now,
      nbf: now,
      exp: now + input.lifetimeSeconds,
    };
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(JSON.stringify(claims));
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  verify(authorization: string | undefined): TokenCheck {
    if (!authorization) return { ok: false, message: 'Access token is empty.' };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const token = match?.[1];
    if (!token) return { ok: false, message: 'Access token is empty.' };
    const parts = token.split('.');
    const [header, payload, signature] = parts;
    if (parts.length !== 3 || !header || !payload || !signature) {
      return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
    }
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, message: 'Invalid signature.' };
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, message: 'IDX14102: Unable to decode the payload as Base64Url encoded string.' };
    }
    const parsed = claimsSchema.safeParse(decoded);
    if (!parsed.success) return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    const claims = parsed.data;
    if (claims.aud !== 'https://graph.microsoft.com' && claims.aud !== '00000003-0000-0000-c000-000000000000') {
      return { ok: false, message: 'Access token validation failure. Invalid audience.' };
    }
    if (claims.tid !== this.tenantId) return { ok: false, message: 'Access token validation failure. Invalid tenant.' };
    if (claims.exp * 1000 <= this.nowMs()) {
      return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    }
    return { ok: true, claims };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}
