/**
 * The delegated scopes an access token carries (`scp`), read from the JWT payload without verifying it: the token
 * is only ever sent to Graph, which verifies it; this is for telling the admin what the token allows. Returns
 * undefined when the token is not a readable JWT (Microsoft may issue opaque tokens), so callers treat the scopes as
 * unknown rather than missing.
 */
export function tokenScopes(accessToken: string): ReadonlySet<string> | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (claims === null || typeof claims !== 'object') return undefined;
    const scp = (claims as { scp?: unknown }).scp;
    if (typeof scp !== 'string') return undefined;
    return new Set(scp.split(' ').filter(Boolean));
  } catch {
    return undefined;
  }
}
