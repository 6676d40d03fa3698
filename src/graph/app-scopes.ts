import delegatedPermissions from '../app-registration/graph-delegated-permissions.json';

/** Sign-in scopes: requested with the others, but never in a Graph access token's `scp`. */
const OPENID_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * The Microsoft Graph scopes the app registration requests (aad.manifest.json, the OAuth connection), as they appear
 * in a token's `scp`. One list, read from src/app-registration/graph-delegated-permissions.json.
 */
export const APP_GRAPH_SCOPES: readonly string[] = delegatedPermissions
  .map((permission) => permission.name)
  .filter((name) => !OPENID_SCOPES.has(name));

/** Scopes the app deliberately does not request, asked for only by a privileged sign-in (`entra-bulk --privileged`). */
export const PRIVILEGED_GRAPH_SCOPES = ['Directory.AccessAsUser.All', 'RoleManagement.ReadWrite.Directory'] as const;

export type PrivilegedScope = (typeof PRIVILEGED_GRAPH_SCOPES)[number];
