export type ChatScope = 'personal' | 'team' | 'groupChat';

export interface CommandEntry {
  /** The intent the parser produces for it. */
  intent: string;
  /** What a person types; angle brackets mark values, square brackets optional parts. */
  usage: string;
  /** One line for help and for the Teams command menu (at most 128 characters). */
  description: string;
  /** A full, working example. */
  example: string;
  /** Short title for the Teams command menu (at most 32 characters); absent = not in the menu. */
  menuTitle?: string;
  /** Needs a CSV attached (personal chat only, where Teams delivers files to bots). */
  needsFile?: boolean;
}

export const COMMAND_CATALOG: readonly CommandEntry[] = [
  { intent: 'help', usage: 'help', description: 'Show what I can do, with examples.', example: 'help', menuTitle: 'help' },
  {
    intent: 'restore',
    usage: 'restore <name | UPN | mail | object id> [as <new UPN>] [reconcile proxy]',
    description: 'Restore a deleted user, group, app, service principal or administrative unit.',
    example: 'restore Adele Vance',
    menuTitle: 'restore',
  },
  {
    intent: 'list-deleted',
    usage: 'deleted [users | groups | apps | service principals | admin units] [<search>]',
    description: 'List what is in the recycle bin, with the days left to restore each item.',
    example: 'deleted users megan',
    menuTitle: 'deleted',
  },
  { intent: 'purge', usage: 'purge <name | UPN | object id>', description: 'Permanently delete an item from the recycle bin.', example: 'purge Debra Berger' },
  {
    intent: 'invite',
    usage: 'invite <email> [name <name>] [redirect <url>] [message "<text>"] [no email]',
    description: 'Invite a B2B guest, or many with an attached CSV.',
    example: 'invite ana@fabrikam.com name Ana Souza',
    menuTitle: 'invite',
  },
  {
    intent: 'export-users',
    usage: 'download users [guests | members] [where <property> is <value>]',
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
  {
    intent: 'add-group-members',
    usage: 'add members to <group> + CSV',
    description: 'Add the users listed in an attached CSV to a group.',
    example: 'add members to Sales Team',
    needsFile: true,
  },
  {
    intent: 'remove-group-members',
    usage: 'remove members from <group> + CSV',
    description: 'Remove the users listed in an attached CSV from a group.',
    example: 'remove members from Sales Team',
    needsFile: true,
  },
  { intent: 'create-users', usage: 'create users + CSV', description: 'Create the users in an attached bulk-create CSV.', example: 'create users', needsFile: true },
  {
    intent: 'delete-users',
    usage: 'delete user <UPN | name> · delete users + CSV',
    description: 'Delete one user, or the users in an attached bulk-delete CSV. They stay restorable for 30 days.',
    example: 'delete user chris@contoso.com',
  },
  {
    intent: 'template',
    usage: 'template <restore | invite | create users | delete users | members>',
    description: 'Get a CSV template in the Entra portal format.',
    example: 'template invite',
    menuTitle: 'template',
  },
  { intent: 'jobs', usage: 'jobs', description: 'List your bulk jobs and their progress.', example: 'jobs', menuTitle: 'jobs' },
  { intent: 'status', usage: 'status <job>', description: 'Show the progress or result of a job.', example: 'status 7KQ2' },
  { intent: 'cancel', usage: 'cancel <job>', description: 'Stop a job at the next batch; finished rows stay done.', example: 'cancel 7KQ2' },
  { intent: 'retry', usage: 'retry <job>', description: 'Run the failed rows of a finished job again.', example: 'retry 7KQ2' },
  { intent: 'whoami', usage: 'whoami', description: 'Show who I act as and which admin roles you hold.', example: 'whoami', menuTitle: 'whoami' },
  {
    intent: 'check-setup',
    usage: 'check setup',
    description: 'Check what works for you here: permissions, roles, tenant settings and queries. Changes nothing.',
    example: 'check setup',
  },
  { intent: 'sign-out', usage: 'sign out', description: 'Sign out; I will ask you to sign in again next time.', example: 'sign out', menuTitle: 'sign out' },
];
