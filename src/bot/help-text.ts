/** The plain-text command list; the bot's help card will be built from the same entries. */
export const COMMANDS: ReadonlyArray<{ usage: string; does: string }> = [
  { usage: 'help', does: 'show this list' },
  { usage: 'restore <name | UPN | mail | object id> [as <new UPN>] [reconcile proxy]', does: 'restore a deleted user, group, app, service principal or administrative unit' },
  { usage: 'deleted [users | groups | apps | service principals | admin units] [<search>]', does: 'list what is in the recycle bin, with days left' },
  { usage: 'purge <name | id>', does: 'permanently delete an item from the recycle bin' },
  { usage: 'invite <email> [name <name>] [redirect <url>] [message "<text>"] [no email]', does: 'invite a B2B guest' },
  { usage: 'download users [guests | members] [where <property> is <value>]', does: 'export users to CSV' },
  { usage: 'download groups', does: 'export groups to CSV' },
  { usage: 'download members of <group>', does: "export a group's members to CSV" },
  { usage: 'restore | invite | create users | delete users + a CSV file', does: 'bulk work from an Entra portal template' },
  { usage: 'add members to <group> | remove members from <group> + a CSV file', does: 'bulk group membership' },
  { usage: 'template <restore | invite | create users | delete users | members>', does: 'get the CSV template' },
  { usage: 'jobs · status <job> · cancel <job> · retry <job>', does: 'follow and control your bulk jobs' },
  { usage: 'whoami · sign out', does: 'who the bot acts as, and signing out' },
];

export function helpText(): string {
  const lines = COMMANDS.map((c) => `- ${c.usage}: ${c.does}`);
  return ['Entra Bulk Admin understands:', ...lines].join('\n');
}
