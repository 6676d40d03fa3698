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

/** Requirements without repeats (the same `action` is the same requirement), in first-seen order. */
export function distinctRequirements(requirements: Iterable<RoleRequirement>): RoleRequirement[] {
  const byAction = new Map<string, RoleRequirement>();
  for (const requirement of requirements) if (!byAction.has(requirement.action)) byAction.set(requirement.action, requirement);
  return [...byAction.values()];
}

/** Privileged Identity Management, "My roles" (Microsoft Entra roles): where an eligible admin activates a role. */
export const PIM_MY_ROLES_URL = 'https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ActivationMenuBlade/~/aadmigratedroles';

/** A role held over one administrative unit only. */
export interface ScopedRole {
  role: RoleKey;
  administrativeUnitId: string;
  administrativeUnitName?: string;
}

/** What a role check needs to know about the caller (a subset of the CallerProfile). */
export interface CallerRoles {
  /** Active, tenant-wide built-in roles. */
  roles: ReadonlySet<RoleKey>;
  eligibleRoles: ReadonlySet<RoleKey>;
  scopedRoles: readonly ScopedRole[];
  customRoleNames: readonly string[];
  /** False when Graph would not show the caller's roles (no role-reading scope, or refused). */
  rolesReadable: boolean;
}

/**
 * The plan-wide role check. `ok: true` lets the plan proceed: `held` is confirmed; `advisory` means the product could
 * not confirm and Graph will decide per row; `administrative-unit` allows only rows whose targets are in the unit.
 */
export type RoleCheck =
  | { ok: true; reason: 'held'; heldRole: string }
  | { ok: true; reason: 'advisory'; heldRole: string; message: string; why: 'roles-unreadable' | 'custom-role' | 'administrative-unit-unverifiable' }
  | { ok: true; reason: 'administrative-unit'; heldRole: string; scoped: ScopedRole[]; message: string }
  | { ok: false; reason: 'missing-role'; message: string; neededRoles: string[] }
  | { ok: false; reason: 'eligible-not-active'; role: RoleKey; message: string; neededRoles: string[] };

export function heldRoleCheck(heldRole: string): RoleCheck {
  return { ok: true, reason: 'held', heldRole };
}

function unitNames(scoped: readonly ScopedRole[]): string {
  return joinOr([...new Set(scoped.map((s) => s.administrativeUnitName ?? s.administrativeUnitId))].map((name) => `'${name}'`));
}

/**
 * Checks one requirement against the caller's roles as real tenants hold them: active, eligible in PIM, scoped to
 * administrative units, or custom. Never refuses on what it cannot see: then the check is advisory.
 */
export function checkRoles(requirement: RoleRequirement, caller: CallerRoles): RoleCheck {
  const acceptable: RoleKey[] = [...requirement.anyOf, 'globalAdministrator'];
  const match = acceptable.find((key) => caller.roles.has(key));
  if (match) return heldRoleCheck(roleName(match));
  const names = requirement.anyOf.map(roleName);
  if (!caller.rolesReadable) {
    return {
      ok: true,
      reason: 'advisory',
      why: 'roles-unreadable',
      heldRole: 'roles not readable',
      message: `I couldn't read your directory roles, so I can't confirm you hold ${joinOr(names)}; Graph will decide for each row.`,
    };
  }
  const eligible = acceptable.find((key) => caller.eligibleRoles.has(key));
  if (eligible) {
    return {
      ok: false,
      reason: 'eligible-not-active',
      role: eligible,
      neededRoles: names,
      message: `You are eligible for ${roleName(eligible)}: activate it in Privileged Identity Management (${PIM_MY_ROLES_URL}), then press Retry.`,
    };
  }
  const scoped = caller.scopedRoles.filter((s) => acceptable.includes(s.role));
  if (scoped.length > 0) {
    const role = roleName(scoped[0]?.role ?? 'userAdministrator');
    return {
      ok: true,
      reason: 'administrative-unit',
      scoped,
      heldRole: `${role} for ${unitNames(scoped)}`,
      message: `Your ${role} role covers only the administrative unit ${unitNames(scoped)}: rows outside it are refused.`,
    };
  }
  if (caller.customRoleNames.length > 0) {
    const custom = caller.customRoleNames.map((name) => `'${name}'`).join(', ');
    return {
      ok: true,
      reason: 'advisory',
      why: 'custom-role',
      heldRole: `custom role ${custom}`,
      message: `I couldn't confirm your role (custom role ${custom}); Graph will decide for each row.`,
    };
  }
  return {
    ok: false,
    reason: 'missing-role',
    neededRoles: names,
    message: `To ${requirement.action} you need the ${joinOr(names)} role${names.length > 1 ? ' (any one)' : ''}. Ask a Global Administrator or Privileged Role Administrator to assign it, then try again.`,
  };
}

/** "A", "A or B", "A, B or C". */
export function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/** The roles a requirement accepts, as a person reads them: "Guest Inviter or User Administrator". */
export function rolesText(requirement: RoleRequirement): string {
  return joinOr(requirement.anyOf.map(roleName));
}
