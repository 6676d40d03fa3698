/** Built-in Entra roles this product reasons about, keyed by their well-known role template ids. */
export const DIRECTORY_ROLES = {
  globalAdministrator: { templateId: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' },
  privilegedRoleAdministrator: { templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814', name: 'Privileged Role Administrator' },
  privilegedAuthenticationAdministrator: { templateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', name: 'Privileged Authentication Administrator' },
  userAdministrator: { templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', name: 'User Administrator' },
  authenticationAdministrator: { templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f', name: 'Authentication Administrator' },
  groupsAdministrator: { templateId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c', name: 'Groups Administrator' },
  applicationAdministrator: { templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', name: 'Application Administrator' },
  cloudApplicationAdministrator: { templateId: '158c047a-c907-4556-b7ef-446551a6b5f7', name: 'Cloud Application Administrator' },
  hybridIdentityAdministrator: { templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', name: 'Hybrid Identity Administrator' },
  guestInviter: { templateId: '95e79109-95c0-4d8e-aee3-d01accf2d47b', name: 'Guest Inviter' },
  helpdeskAdministrator: { templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8', name: 'Helpdesk Administrator' },
} as const;

export type RoleKey = keyof typeof DIRECTORY_ROLES;

const BY_TEMPLATE_ID = new Map<string, RoleKey>(
  (Object.entries(DIRECTORY_ROLES) as [RoleKey, { templateId: string; name: string }][]).map(([key, role]) => [role.templateId, key]),
);
const BY_NAME = new Map<string, RoleKey>(
  (Object.entries(DIRECTORY_ROLES) as [RoleKey, { templateId: string; name: string }][]).map(([key, role]) => [role.name.toLowerCase(), key]),
);

/** Recognises a role from Graph's `directoryRole` (template id first; the name as a fallback). */
export function roleKeyOf(role: { roleTemplateId?: string | null; displayName?: string | null }): RoleKey | undefined {
  return (role.roleTemplateId ? BY_TEMPLATE_ID.get(role.roleTemplateId.toLowerCase()) : undefined) ??
    (role.displayName ? BY_NAME.get(role.displayName.toLowerCase()) : undefined);
}

export function roleName(key: RoleKey): string {
  return DIRECTORY_ROLES[key].name;
}

/** Any one of `anyOf` is enough; Global Administrator always is. */
export interface RoleRequirement {
  action: string;
  anyOf: readonly RoleKey[];
}

export type RoleCheck =
  | { ok: true; heldRole: string }
  | { ok: false; message: string; neededRoles: string[] };

export function checkRoles(requirement: RoleRequirement, held: ReadonlySet<RoleKey>): RoleCheck {
  const acceptable: RoleKey[] = [...requirement.anyOf, 'globalAdministrator'];
  const match = acceptable.find((key) => held.has(key));
  if (match) return { ok: true, heldRole: roleName(match) };
  const names = requirement.anyOf.map(roleName);
  return {
    ok: false,
    neededRoles: names,
    message: `To ${requirement.action} you need the ${joinOr(names)} role${names.length > 1 ? ' (any one)' : ''}. Ask a Global Administrator or Privileged Role Administrator to assign it, then try again.`,
  };
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}
