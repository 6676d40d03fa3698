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
 * Ids are Microsoft Graph's published delegated-scope ids.
 */
export const GRAPH_DELEGATED_PERMISSIONS: readonly DelegatedPermission[] = [
  {
    name: 'openid',
    id: '37f7f235-527c-4136-accd-4a02d197296e',
    why: 'Sign-in through the Azure Bot OAuth connection (OpenID Connect).',
    withoutIt: 'Nobody can sign in.',
  },
  {
    name: 'profile',
    id: '14dad69e-099b-42c9-810b-d002981feec1',
    why: "Sign-in: the admin's name in the ID token.",
    withoutIt: 'Sign-in still works; the sign-in card shows no name.',
  },
  {
    name: 'offline_access',
    id: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
    why: 'A refresh token, so the Bot Service token store can renew the token while a long job runs.',
    withoutIt: 'Jobs that outlast the access token (about an hour) stop and ask the admin to sign in again.',
  },
  {
    name: 'User.Read',
    id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
    why: 'Read the signed-in admin\'s own profile (`GET /me`): who the bot acts as.',
    withoutIt: '`whoami` and the sign-in confirmation fail.',
  },
  {
    name: 'User.ReadWrite.All',
    id: '204e0828-b5ca-4ad8-b9f3-f32a958e7cc4',
    why: 'Create users (`POST /users`, least privileged), delete users, restore and purge deleted users, read users to resolve names and UPNs and to export them.',
    withoutIt: '`create users`, `delete users`, `restore`/`purge` of users, `deleted users` and `download users` fail with 403.',
  },
  {
    name: 'User.Invite.All',
    id: '63dd7cd9-b489-4adf-a28c-ac38b9a0f962',
    why: 'Invite B2B guests (`POST /invitations`, least privileged).',
    withoutIt: 'Nothing while User.ReadWrite.All is granted (it also allows invitations); without both, `invite` fails.',
  },
  {
    name: 'GroupMember.ReadWrite.All',
    id: 'f81125ac-d3b7-4573-a3b2-7099cc39df9e',
    why: 'Add and remove group members (`PATCH /groups/{id}` with `members@odata.bind`, `DELETE …/members/{id}/$ref`; least privileged), and list groups and their members for `download groups` and `download members of`.',
    withoutIt: 'Nothing while Group.ReadWrite.All is granted; without both, `add members`, `remove members`, `download groups` and `download members of` fail.',
  },
  {
    name: 'Group.ReadWrite.All',
    id: '4e46008b-f24c-477d-8fff-7bb4ec7aafe0',
    why: 'Restore and purge deleted groups and list the deleted ones (`/directory/deletedItems` has no narrower permission for groups).',
    withoutIt: '`restore`, `purge` and `deleted groups` fail for groups; membership changes and group exports keep working through GroupMember.ReadWrite.All.',
  },
  {
    name: 'Application.ReadWrite.All',
    id: 'bdfbf15f-ee85-4955-8675-146e8e5296b5',
    why: 'Restore, purge and list deleted app registrations and service principals (least privileged delegated permission for them).',
    withoutIt: '`restore`, `purge` and `deleted apps` / `deleted service principals` fail for applications and service principals.',
  },
  {
    name: 'AdministrativeUnit.ReadWrite.All',
    id: '7b8a2d34-6b3f-4542-a343-54651608ad81',
    why: 'Restore and list deleted administrative units (least privileged).',
    withoutIt: '`restore` and `deleted admin units` fail for administrative units.',
  },
  {
    name: 'RoleManagement.Read.Directory',
    id: '741c54c3-0c1e-44a1-818b-3f97ab4e8c83',
    why: "Read the signed-in admin's directory role assignments, so the bot can say up front which operations their roles allow.",
    withoutIt: '`whoami` cannot list roles, and role checks before a job are skipped (Graph still refuses what the roles do not allow).',
  },
  {
    name: 'UserAuthenticationMethod.Read.All',
    id: 'aec28ec7-4d02-4e8c-b864-50163aea77eb',
    why: 'Only for the optional authentication-method columns of `download users` (authentication phone and email), read from `/users/{id}/authentication/*`.',
    withoutIt: '`download users` still works; the authentication-method columns stay empty.',
  },
];

/** The space-separated scope list for the Azure Bot OAuth connection (infra/azure.bicep). */
export function oauthConnectionScopes(permissions: readonly DelegatedPermission[] = GRAPH_DELEGATED_PERMISSIONS): string {
  return permissions.map((permission) => permission.name).join(' ');
}
