import { BULK_KINDS, definitionOf } from './catalogue';
import type { RoleKey } from './directory-roles';
import { DIRECTORY_ROLES } from './directory-roles';

/** Roles that no operation's requirement names, but that admins ask about. */
const BEYOND_THE_TABLES: Partial<Record<RoleKey, string>> = {
  globalAdministrator: 'Everything this bot does.',
  helpdeskAdministrator: 'Nothing in this bot needs this role: it resets passwords for non-admins, it does not restore or create users.',
};

function sentence(actions: readonly string[]): string {
  const text = actions.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * What each role lets an admin do with this bot, read from the operations' own role requirements (their actions, in
 * catalogue order), so whoami and the dry runs can't disagree.
 */
export function roleAbilities(): Partial<Record<RoleKey, string>> {
  const actions = new Map<RoleKey, string[]>();
  for (const kind of BULK_KINDS) {
    for (const requirement of definitionOf(kind).roles) {
      for (const role of requirement.anyOf) {
        const list = actions.get(role) ?? [];
        if (!list.includes(requirement.action)) list.push(requirement.action);
        actions.set(role, list);
      }
    }
  }
  const abilities: Partial<Record<RoleKey, string>> = {};
  for (const role of Object.keys(DIRECTORY_ROLES) as RoleKey[]) {
    const described = BEYOND_THE_TABLES[role] ?? (actions.has(role) ? sentence(actions.get(role) ?? []) : undefined);
    if (described) abilities[role] = described;
  }
  return abilities;
}

export const ROLE_ABILITIES: Partial<Record<RoleKey, string>> = roleAbilities();
