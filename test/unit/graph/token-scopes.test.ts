import { describe, expect, it } from 'vitest';
import { tokenScopes } from '../../../src/graph/token-scopes';

const jwt = (payload: unknown) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('tokenScopes', () => {
  it("reads the delegated scopes from a token's scp claim", () => {
    expect([...(tokenScopes(jwt({ scp: 'User.Read User.ReadWrite.All' })) ?? [])]).toEqual(['User.Read', 'User.ReadWrite.All']);
  });

  it('is undefined, i.e. unknown, when the token is not a readable JWT or has no scp', () => {
    expect(tokenScopes('opaque-token')).toBeUndefined();
    expect(tokenScopes('a.%%%.c')).toBeUndefined();
    expect(tokenScopes(jwt({ roles: ['User.Read.All'] }))).toBeUndefined();
  });
});
