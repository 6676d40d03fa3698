import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { TurnContext } from 'botbuilder';
import { buildErrorCard } from '../cards/build-error-card';
import { GraphError } from '../graph/graph-error';
import { BULK_OPERATIONS } from '../operations/catalogue';
import { ExportOptionError, exportGroupMembers, exportGroups, exportUsers } from '../operations/export-directory';
import type { ExportResult } from '../operations/export-directory';
import { GroupPlanError } from '../operations/group-membership';
import type { InviteRow } from '../operations/kinds/invite';
import type { DeleteUserRow } from '../operations/kinds/delete-users';
import { isGuid } from '../operations/deleted-objects';
import type { ParsedCommand } from './command-parser';
import type { BotRuntime } from './bot-deps';
import { proposeJob, sendCard } from './plan-confirmation';
import type { Connected } from './recycle-bin-commands';

export const DEFAULT_INVITE_REDIRECT = 'https://myapplications.microsoft.com';

/** `invite <email> …`: one row through the same dry run and approval as a bulk invite file. */
export async function handleInvite(runtime: BotRuntime, context: TurnContext, connected: Connected, command: Extract<ParsedCommand, { intent: 'invite' }>): Promise<void> {
  if (!command.email) {
    await context.sendActivity('Whom should I invite? Type `invite <email>`, or attach a bulk invite CSV.');
    return;
  }
  const row: InviteRow = {
    email: command.email,
    redirectUrl: command.redirectUrl ?? DEFAULT_INVITE_REDIRECT,
    redirectUrlDefaulted: command.redirectUrl === undefined,
    sendInvitationMessage: command.sendEmail,
    ...(command.message ? { customizedMessageBody: command.message } : {}),
    ...(command.displayName ? { displayName: command.displayName } : {}),
  };
  const input: Record<string, string> = { inviteeEmail: row.email, inviteRedirectURL: row.redirectUrl, sendEmail: String(row.sendInvitationMessage) };
  if (row.displayName) input.displayName = row.displayName;
  const plan = await BULK_OPERATIONS.invite.plan([{ rowIndex: 0, input, row }], { graph: connected.graph, caller: connected.caller, now: runtime.now });
  await proposeJob(runtime, context, { actor: connected.actor, caller: connected.caller, plan, source: { type: 'command', text: context.activity.text ?? '' } });
}

type ExportCommand = Extract<ParsedCommand, { intent: 'export-users' | 'export-groups' | 'export-group-members' }>;

export function fileUrl(runtime: BotRuntime, fileId: string, name: string): string | undefined {
  return runtime.deps.filesBaseUrl ? `${runtime.deps.filesBaseUrl.replace(/\/+$/, '')}/files/${fileId}/${name}` : undefined;
}

/** Streams the export into the file store (bounded memory) and answers with a link to it. */
export async function handleExport(runtime: BotRuntime, context: TurnContext, connected: Connected, command: ExportCommand): Promise<void> {
  const fileId = `export-${randomUUID()}`;
  const name = command.intent === 'export-users' ? 'users.csv' : command.intent === 'export-groups' ? 'groups.csv' : 'group-members.csv';
  const out = new PassThrough();
  const stored = runtime.deps.store.putFile(fileId, name, out);
  let result: ExportResult;
  try {
    const running =
      command.intent === 'export-users'
        ? exportUsers(connected.graph, out, { ...(command.userType ? { userType: command.userType } : {}), ...(command.where ? { where: command.where } : {}) })
        : command.intent === 'export-groups'
          ? exportGroups(connected.graph, out)
          : exportGroupMembers(connected.graph, out, command.group);
    result = await running;
    out.end();
    await stored;
  } catch (error) {
    out.destroy();
    await stored.catch(() => undefined);
    if (error instanceof GraphError) {
      await sendCard(context, buildErrorCard({ title: 'The export stopped', message: error.reason, code: error.code, ...(error.requestId ? { requestId: error.requestId } : {}) }));
      return;
    }
    if (error instanceof ExportOptionError || error instanceof GroupPlanError) {
      await context.sendActivity(error.message);
      return;
    }
    throw error;
  }
  const url = fileUrl(runtime, fileId, name);
  const where = url ? `[${name}](${url})` : `${name} (file id ${fileId}; set the bot's public URL to get a link)`;
  await context.sendActivity(`Exported ${result.rows} ${result.subject}: ${where}`);
}

/** `delete user <UPN | id>`: one row through the bulk-delete dry run (it stays restorable for 30 days). */
export async function handleDeleteUser(runtime: BotRuntime, context: TurnContext, connected: Connected, target: string): Promise<void> {
  const byId = isGuid(target);
  const row: DeleteUserRow = { target: byId ? { by: 'id', id: target } : { by: 'userPrincipalName', userPrincipalName: target } };
  const input: Record<string, string> = byId ? { objectId: target } : { userPrincipalName: target };
  const plan = await BULK_OPERATIONS['delete-users'].plan([{ rowIndex: 0, input, row }], { graph: connected.graph, caller: connected.caller, now: runtime.now });
  await proposeJob(runtime, context, { actor: connected.actor, caller: connected.caller, plan, source: { type: 'command', text: context.activity.text ?? '' } });
}
