import type { BulkKind } from '../operations/catalogue';
import { BULK_CATALOGUE, BULK_KINDS } from '../operations/catalogue';
import type { ChatHelp } from '../operations/operation-definition';

export type ChatScope = 'personal' | 'team' | 'groupChat';

export interface CommandEntry extends ChatHelp {
  /** The intent the parser produces for it. */
  intent: string;
}

/** A bulk kind's entry, as its own folder words it. */
function bulk(kind: BulkKind): CommandEntry {
  return { intent: kind, ...BULK_CATALOGUE[kind].chat };
}

/** Bulk kinds not placed in the list below still get help, at its end. */
function withEveryBulkKind(entries: readonly CommandEntry[]): readonly CommandEntry[] {
  const listed = new Set(entries.map((entry) => entry.intent));
  return [...entries, ...BULK_KINDS.filter((kind) => !listed.has(kind)).map(bulk)];
}

export const COMMAND_CATALOG: readonly CommandEntry[] = withEveryBulkKind([
  { intent: 'help', usage: 'help', description: 'Show what I can do, with examples.', example: 'help', menuTitle: 'help' },
  bulk('restore'),
  {
    intent: 'list-deleted',
    usage: 'deleted [users | groups | apps | service principals | admin units] [<search>]',
    description: 'List what is in the recycle bin, with the days left to restore each item.',
    example: 'deleted users megan',
    menuTitle: 'deleted',
  },
  bulk('purge'),
  bulk('invite'),
  {
    intent: 'export-users',
    usage: 'download users [guests | members] [columns <list>] [where <property> is <value>]',
    description: 'Export users to CSV with the columns of the Entra portal download.',
    example: 'download users where department is Sales',
    menuTitle: 'download users',
  },
  { intent: 'export-groups', usage: 'download groups', description: 'Export all groups to CSV.', example: 'download groups', menuTitle: 'download groups' },
  {
    intent: 'export-group-members',
    usage: 'download members of <group>',
    description: "Export a group's members to CSV.",
    example: 'download members of Sales Team',
  },
  bulk('add-group-members'),
  bulk('remove-group-members'),
  bulk('create-users'),
  bulk('delete-users'),
  bulk('update-users'),
  {
    intent: 'template',
    usage: 'template <restore | invite | create users | delete users | update users | members>',
    description: 'Get a CSV template in the Entra portal format.',
    example: 'template invite',
    menuTitle: 'template',
  },
  { intent: 'jobs', usage: 'jobs', description: 'List your bulk jobs and their progress.', example: 'jobs', menuTitle: 'jobs' },
  { intent: 'status', usage: 'status <job>', description: 'Show the progress or result of a job.', example: 'status 7KQ2' },
  { intent: 'cancel', usage: 'cancel <job>', description: 'Stop a job at the next batch; finished rows stay done.', example: 'cancel 7KQ2' },
  { intent: 'retry', usage: 'retry <job>', description: 'Run the failed rows of a finished job again.', example: 'retry 7KQ2' },
  {
    intent: 'approval',
    usage: 'approval <job>',
    description: 'In a group chat or channel: post the Approve card of your job that waits for a second administrator.',
    example: 'approval 7KQ2',
  },
  {
    intent: 'undo',
    usage: 'undo <job> · undo my last job',
    description: 'Undo a finished job: its inverse over the rows it changed, after a dry run and your confirmation. A purge cannot be undone.',
    example: 'undo my last job',
  },
  { intent: 'whoami', usage: 'whoami', description: 'Show who I act as and which admin roles you hold.', example: 'whoami', menuTitle: 'whoami' },
  {
    intent: 'check-setup',
    usage: 'check setup',
    description: 'Check what works for you here: permissions, roles, tenant settings and queries. Changes nothing.',
    example: 'check setup',
  },
  { intent: 'sign-out', usage: 'sign out', description: 'Sign out; I will ask you to sign in again next time.', example: 'sign out', menuTitle: 'sign out' },
]);
