import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { TokenProvider, TokenResult } from './token-provider';

type TokenFailure = Extract<TokenResult, { ok: false }>;

/** Thrown by the adapter when the acting user has no usable token; carries the provider's typed reason. */
export class TokenUnavailableError extends Error {
  constructor(readonly failure: TokenFailure) {
    super(failure.message);
    this.name = 'TokenUnavailableError';
  }
}

/** The SDK's authentication provider over one of our per-user token providers (sandbox, @azure/identity, static). */
export class TokenProviderAuthentication implements AuthenticationProvider {
  constructor(readonly tokenProvider: TokenProvider) {}

  async getAccessToken(): Promise<string> {
    const token = await this.tokenProvider.getToken();
    if (!token.ok) throw new TokenUnavailableError(token);
    return token.token;
  }

  /** Drops the cached token after Graph refused it; false when the provider cannot refresh. */
  invalidate(): boolean {
    if (!this.tokenProvider.invalidate) return false;
    this.tokenProvider.invalidate();
    return true;
  }
}
