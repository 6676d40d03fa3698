import { z } from 'zod';

const payloadSchema = z.object({ scp: z.string() });

/**
 * The delegated scopes a Graph access token carries, read from its payload's `scp` claim. No signature check: this only
 * predicts what Graph will allow. Undefined when the token is not a readable JWT (treat as unknown).
 */
export function tokenScopes(token: string): ReadonlySet<string> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? new Set(parsed.data.scp.split(' ').filter(Boolean)) : undefined;
  } catch {
    return undefined;
  }
}
