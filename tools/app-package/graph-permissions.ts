import { z } from 'zod';
import delegatedPermissionsData from '../../src/app-registration/graph-delegated-permissions.json';

export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export interface DelegatedPermission {
  /** The permission's value, as it appears in a token's `scp` and in the OAuth connection's scopes. */
  name: string;
  /** Its id on the Microsoft Graph service principal (`oauth2PermissionScopes`), used in aad.manifest.json. */
  id: string;
  why: string;
  /** What stops working if an administrator removes it. */
  withoutIt: string;
}

/**
 * Every Microsoft Graph permission the app requests: delegated only, so Graph calls are bounded by the
 * signed-in admin's own Entra roles. Least privileged per operation (graph-api.md §1.6, §2.3–2.6, §3).
 * Ids are Microsoft Graph's published delegated-scope ids. The list itself is data
 * (src/app-registration/graph-delegated-permissions.json), so the sandbox can issue tokens with exactly these scopes.
 */
export const GRAPH_DELEGATED_PERMISSIONS: readonly DelegatedPermission[] = z
  .array(z.object({ name: z.string().min(1), id: z.string().uuid(), why: z.string().min(1), withoutIt: z.string().min(1) }).strict())
  .parse(delegatedPermissionsData);

/** The space-separated scope list for the Azure Bot OAuth connection (infra/azure.bicep). */
export function oauthConnectionScopes(permissions: readonly DelegatedPermission[] = GRAPH_DELEGATED_PERMISSIONS): string {
  return permissions.map((permission) => permission.name).join(' ');
}
