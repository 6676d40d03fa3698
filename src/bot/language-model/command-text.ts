import { escapeCardLine } from '../../cards/escape-card-text';
import { EXPORT_FILTER_PROPERTIES } from '../command-parser';
import type { DeletedObjectType, ParsedCommand, TemplateKind } from '../command-parser';
import { USER_PROPERTY_WORDS } from '../grammar/user-properties';
import type { UserPropertyColumn } from '../grammar/user-properties';

/** The words the grammar reads as each object type. */
const OBJECT_TYPE_WORDS: Readonly<Record<DeletedObjectType, string>> = {
  user: 'users',
  group: 'groups',
  application: 'apps',
  servicePrincipal: 'service principals',
  administrativeUnit: 'admin units',
};

const TEMPLATE_WORDS: Readonly<Record<TemplateKind, string>> = {
  restore: 'restore',
  invite: 'invite',
  'create-users': 'create users',
  'delete-users': 'delete users',
  'update-users': 'update users',
  'group-members': 'members',
};

/** Graph property → the first (plainest) word the grammar reads as it: `jobTitle` → `job title`. */
const FILTER_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries(EXPORT_FILTER_PROPERTIES)
    .reverse()
    .map(([word, property]) => [property, word]),
);

/** User property → the first (plainest) word the grammar reads as it: `jobTitle` → `job title`. */
const PROPERTY_WORDS: ReadonlyMap<UserPropertyColumn, string> = new Map(
  Object.entries(USER_PROPERTY_WORDS)
    .reverse()
    .map(([word, column]) => [column, word]),
);

/** A list as the grammar splits it: "Adele Vance, Megan Bowen". */
const listed = (names: readonly string[]) => names.join(', ');

const typed = (objectType: DeletedObjectType | undefined) => (objectType ? ` ${OBJECT_TYPE_WORDS[objectType]}` : '');
const withJob = (verb: string, job: string | undefined) => (job ? `${verb} ${job}` : verb);

/**
 * The command as an admin would type it: what the bot echoes ("I read this as: …") and what the grammar must read
 * back as exactly this command. Undefined for what is not a command (`invalid`, `unknown`).
 */
export function commandText(command: ParsedCommand): string | undefined {
  switch (command.intent) {
    case 'help':
    case 'jobs':
    case 'whoami':
      return command.intent;
    case 'check-setup':
      return 'check setup';
    case 'sign-out':
      return 'sign out';
    case 'status':
    case 'cancel':
    case 'retry':
      return withJob(command.intent, command.job);
    case 'list-deleted':
      return `deleted${typed(command.objectType)}${command.search ? ` named ${command.search}` : ''}`;
    case 'restore':
      return [
        `restore${typed(command.objectType)}`,
        command.targets ? listed(command.targets) : command.target,
        command.newUserPrincipalName ? `as ${command.newUserPrincipalName}` : undefined,
        command.reconcileProxy ? 'and reconcile proxy addresses' : undefined,
      ]
        .filter((part) => part !== undefined)
        .join(' ');
    case 'purge':
      return `purge${typed(command.objectType)} ${command.target}`;
    case 'invite':
      if (!command.email && !command.emails) return 'invite';
      return [
        `invite ${command.emails ? listed(command.emails) : command.email}`,
        command.displayName ? `name ${command.displayName}` : undefined,
        command.redirectUrl ? `redirect ${command.redirectUrl}` : undefined,
        command.message !== undefined ? `message "${command.message}"` : undefined,
        command.sendEmail ? undefined : 'no email',
      ]
        .filter((part) => part !== undefined)
        .join(' ');
    case 'export-users':
      return [
        `download ${command.userType === 'Guest' ? 'guest users' : command.userType === 'Member' ? 'member users' : 'users'}`,
        command.columns ? `columns ${command.columns.join(', ')}` : undefined,
        command.where ? `where ${FILTER_WORDS.get(command.where.property) ?? command.where.property} is ${command.where.value}` : undefined,
      ]
        .filter((part) => part !== undefined)
        .join(' ');
    case 'export-groups':
      return 'download groups';
    case 'export-group-members':
      return `download members of ${command.group}`;
    case 'add-group-members':
      return `add members to ${command.group}`;
    case 'remove-group-members':
      return `remove members from ${command.group}`;
    case 'create-users':
      return 'create users';
    case 'delete-users':
      if (command.targets) return `delete users ${listed(command.targets)}`;
      return command.target ? `delete user ${command.target}` : 'delete users';
    case 'update-users':
      return 'update users';
    case 'update-user':
      return command.target ? `set ${PROPERTY_WORDS.get(command.property) ?? command.property} of ${command.target} to ${command.value}` : undefined;
    case 'members-question':
      return `who are the members of ${command.group}`;
    case 'add-to-group':
      return command.members ? `add ${listed(command.members)} to ${command.group}` : undefined;
    case 'remove-from-group':
      return command.members ? `remove ${listed(command.members)} from ${command.group}` : undefined;
    case 'undo':
      return command.last ? 'undo my last job' : withJob('undo', command.job);
    case 'template':
      return command.kind ? `template ${TEMPLATE_WORDS[command.kind]}` : 'template';
    case 'invalid':
    case 'unknown':
      return undefined;
  }
}

/** "I read this as: `restore Adele Vance`": said before the command is handled as if it had been typed. */
export function readAsMessage(typed: string): string {
  // A code span shows the text literally, unless the text itself holds a backtick (which would end the span).
  return `I read this as: ${typed.includes('`') ? escapeCardLine(typed, 300) : `\`${typed}\``}`;
}
