import type { TokenCredential } from '@azure/identity';
import type { TokenProvider, TokenResult } from './token-provider';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

/** Resource-qualified scope names for a token request, e.g. `https://graph.microsoft.com/User.ReadWrite.All`. */
export function graphScopeUris(scopes: readonly string[]): string[] {
  return scopes.map((scope) => `${GRAPH_RESOURCE}/${scope}`);
}

/** Whatever the signed-in client app has been granted for Graph (the Azure CLI takes one `.default` scope only). */
export const GRAPH_DEFAULT_SCOPE = [`${GRAPH_RESOURCE}/.default`];

/**
 * Wraps an `@azure/identity` credential acting as a signed-in user (DeviceCodeCredential, AzureCliCredential,
 * InteractiveBrowserCredential…). The credential does its own caching and refresh.
 */
export class AzureCredentialTokenProvider implements TokenProvider {
  constructor(
    private readonly credential: TokenCredential,
    private readonly scopes: readonly string[],
  ) {}

  async getToken(): Promise<TokenResult> {
    try {
      const token = await this.credential.getToken([...this.scopes]);
      if (!token) {
        return { ok: false, reason: 'sign-in-required', message: 'No token was returned; sign in to Microsoft Entra ID.' };
      }
      return { ok: true, token: token.token, expiresOn: token.expiresOnTimestamp };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const message = error instanceof Error ? error.message : String(error);
      const signIn = name === 'AuthenticationRequiredError' || name === 'CredentialUnavailableError';
      return {
        ok: false,
        reason: signIn ? 'sign-in-required' : 'unavailable',
        message: signIn ? `Sign in to Microsoft Entra ID first: ${message}` : `Could not get a token: ${message}`,
      };
    }
  }
}
