import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { graphCallOf } from './graph-call';
import { GraphError } from './graph-error';
import { mayReceiveToken } from './graph-hosts';
import { TokenUnavailableError } from './token-authentication';
import type { TokenProviderAuthentication } from './token-authentication';

/**
 * Puts the acting user's bearer token on requests to Graph hosts (the SDK's host check) and refuses any other host,
 * so a token never leaves for a foreign address. A user without a token ends the call with a typed error, unsent.
 */
export class AuthMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly authentication: TokenProviderAuthentication,
    private readonly customHosts: Set<string>,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const call = graphCallOf(context);
    const url = call?.spec.target ?? (typeof context.request === 'string' ? context.request : context.request.url);
    if (!mayReceiveToken(url, this.customHosts)) {
      const origin = new URL(url).origin;
      const error = new GraphError({ status: 400, code: 'ForeignUrl', message: `Refusing to send the token to ${origin}; it is not a Microsoft Graph host.` });
      if (call) call.exchange = { ok: false, error, headers: {} };
      return;
    }
    let token: string;
    try {
      token = await this.authentication.getAccessToken();
    } catch (error) {
      if (!(error instanceof TokenUnavailableError) || !call) throw error;
      const { reason, message } = error.failure;
      call.exchange = {
        ok: false,
        headers: {},
        error: new GraphError({
          status: reason === 'unavailable' ? 0 : 401,
          code: reason === 'expired' ? 'TokenExpired' : reason === 'sign-in-required' ? 'SignInRequired' : 'TokenUnavailable',
          message,
          operation: call.spec.operation,
          context: call.spec.context,
        }),
      };
      return;
    }
    const options = context.options ?? (context.options = {});
    options.headers = { ...(options.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` };
    await this.next?.execute(context);
  }
}
