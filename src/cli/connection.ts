import { AzureCliCredential, DeviceCodeCredential } from '@azure/identity';
import { APP_GRAPH_SCOPES, PRIVILEGED_GRAPH_SCOPES } from '../graph/app-scopes';
import { AzureCredentialTokenProvider, GRAPH_DEFAULT_SCOPE, graphScopeUris } from '../graph/azure-credential-token-provider';
import { GRAPH_BASE_URL, GraphClient } from '../graph/graph-client';
import { SandboxTokenProvider } from '../graph/sandbox-token-provider';
import type { TokenProvider } from '../graph/token-provider';
import { isLoopbackHost } from '../net/loopback';
import { CliError, EXIT } from './exit-codes';

export interface ConnectionFlags {
  graphUrl?: string;
  sandboxUser?: string;
  tenant?: string;
  clientId?: string;
  azureCli?: boolean;
  /** Also ask for Directory.AccessAsUser.All and RoleManagement.ReadWrite.Directory (rows on admins, role-assignable groups). */
  privileged?: boolean;
}

/**
 * One Graph client acting as the person at the terminal: a sandbox user on a loopback sandbox, the Azure CLI's
 * signed-in account, or a device-code sign-in to an app registration of the admin's tenant.
 */
export interface Connection {
  graph: GraphClient;
  tokens: TokenProvider;
}

export function connect(flags: ConnectionFlags, say: (line: string) => void): Connection {
  const baseUrl = (flags.graphUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CliError(`--graph-url must be a URL such as ${GRAPH_BASE_URL} (got '${baseUrl}')`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new CliError('--graph-url must be an https URL, or a loopback http URL for the local sandbox');
  }
  const scopes = flags.privileged ? [...APP_GRAPH_SCOPES, ...PRIVILEGED_GRAPH_SCOPES] : [...APP_GRAPH_SCOPES];
  let tokenProvider: TokenProvider;
  if (flags.sandboxUser) {
    if (!isLoopbackHost(url.hostname)) throw new CliError('--sandbox-user only works with a local sandbox --graph-url (http://127.0.0.1:<port>/v1.0)');
    tokenProvider = new SandboxTokenProvider({ sandboxOrigin: url.origin, user: flags.sandboxUser, scopes });
  } else if (flags.azureCli) {
    // The Azure CLI hands out one resource-wide token (`.default`): its scopes are what the CLI's own app holds.
    tokenProvider = new AzureCredentialTokenProvider(new AzureCliCredential(flags.tenant ? { tenantId: flags.tenant } : {}), GRAPH_DEFAULT_SCOPE);
  } else if (flags.clientId) {
    tokenProvider = new AzureCredentialTokenProvider(
      new DeviceCodeCredential({
        clientId: flags.clientId,
        ...(flags.tenant ? { tenantId: flags.tenant } : {}),
        userPromptCallback: (info) => say(info.message),
      }),
      graphScopeUris(scopes),
    );
  } else {
    throw new CliError(
      'Say who to act as: --sandbox-user <upn> with a local sandbox, --azure-cli to use `az login`, or --client-id <app id> --tenant <tenant id> to sign in with a device code.',
      EXIT.auth,
    );
  }
  return { graph: new GraphClient({ baseUrl, tokenProvider }), tokens: tokenProvider };
}
