import { buildHelpCard } from '../cards/build-help-card';
import { buildUnknownCommandCard } from '../cards/build-unknown-command-card';
import { buildWhoamiCard } from '../cards/build-whoami-card';
import type { HeldRoleView } from '../cards/build-whoami-card';
import { renderTemplate } from '../csv/csv-template';
import type { CallerProfile } from '../operations/caller-profile';
import { PIM_MY_ROLES_URL, roleName } from '../operations/directory-roles';
import { ROLE_ABILITIES } from '../operations/role-abilities';
import { csvTemplateFor } from '../operations/csv-kinds';
import { COMMAND_CATALOG } from './command-catalog';
import type { TemplateKind } from './command-parser';
import { helpText } from './help-text';
import type { Reply } from './chat-turn';
import { cardReply, textReply } from './chat-turn';

const EXAMPLES = ['restore Adele Vance', 'deleted users', 'jobs', 'help'];

export function handleHelp(isPersonalChat: boolean): Reply[] {
  const card = buildHelpCard({
    commands: COMMAND_CATALOG.map((c) => ({ usage: c.usage, description: c.description, example: c.example, ...(c.needsFile ? { needsFile: true } : {}) })),
    quickCommands: ['deleted users', 'jobs', 'whoami'],
    isPersonalChat,
  });
  // The text is what clients without card support (and transcripts) show.
  return [cardReply(card, helpText())];
}

export function handleUnknown(text: string, suggestion: string | undefined): Reply[] {
  return [cardReply(buildUnknownCommandCard({ text, ...(suggestion ? { suggestion } : {}), examples: EXAMPLES }))];
}

/** Every role the caller holds or may activate, as real tenants have them: active, eligible (PIM), AU-scoped, custom. */
export function whoamiRoles(caller: CallerProfile): HeldRoleView[] {
  const known = new Set([...caller.roles].map(roleName));
  return [
    ...[...caller.roles].map((key) => ({ name: roleName(key), canDo: ROLE_ABILITIES[key] ?? 'Not used by this bot.' })),
    ...caller.roleNames.filter((name) => !known.has(name)).map((name) => ({ name, canDo: 'Not used by this bot.' })),
    ...[...caller.eligibleRoles].map((key) => ({
      name: `${roleName(key)} (eligible, not active)`,
      canDo: `Activate it in Privileged Identity Management (${PIM_MY_ROLES_URL}) first; then: ${ROLE_ABILITIES[key] ?? 'nothing this bot uses.'}`,
    })),
    ...caller.scopedRoles.map((scoped) => ({
      name: `${roleName(scoped.role)} for ${scoped.administrativeUnitName ?? scoped.administrativeUnitId}`,
      canDo: `Only for users in the administrative unit ${scoped.administrativeUnitName ?? scoped.administrativeUnitId}: ${ROLE_ABILITIES[scoped.role] ?? 'nothing this bot uses.'}`,
    })),
    ...caller.customRoleNames.map((name) => ({
      name: `${name} (custom role)`,
      canDo: "I can't tell what a custom role allows: I let you try, and Microsoft Graph decides for each row.",
    })),
  ];
}

export function handleWhoami(caller: CallerProfile): Reply[] {
  return [
    cardReply(
      buildWhoamiCard({
        displayName: caller.displayName,
        userPrincipalName: caller.userPrincipalName,
        roles: whoamiRoles(caller),
        ...(caller.tokenScopes ? { scopes: [...caller.tokenScopes].sort() } : {}),
      }),
    ),
  ];
}

const TEMPLATE_KINDS = { restore: 'restore', invite: 'invite', 'create-users': 'create-users', 'delete-users': 'delete-users', 'update-users': 'update-users', 'group-members': 'add-group-members' } as const;

export function handleTemplate(kind: TemplateKind | undefined): Reply[] {
  if (!kind) {
    return [textReply('Which template? Type `template restore`, `template invite`, `template create users`, `template delete users`, `template update users` or `template members`.')];
  }
  const text = renderTemplate(csvTemplateFor(TEMPLATE_KINDS[kind]));
  return [
    textReply(
      `Here is the ${kind.replace('-', ' ')} template in the Entra portal format. Save it as a .csv file, fill in one row per item below the example row, and attach it:\n\n\`\`\`\n${text}\`\`\``,
    ),
  ];
}
