import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { buildExportResultCard } from '../cards/build-export-result-card';
import { escapeCardLine, escapeCardText } from '../cards/escape-card-text';
import { GraphError } from '../graph/graph-error';
import { templateRowInput } from '../csv/csv-template';
import { BULK_OPERATIONS } from '../operations/catalogue';
import { csvTemplateFor } from '../operations/csv-kinds';
import { describeExportNote, ExportOptionError, exportGroupMembers, exportGroups, exportUsers } from '../operations/export-directory';
import type { ExportResult } from '../operations/export-directory';
import { findSingleGroup, GroupPlanError } from '../operations/group-membership';
import { z } from 'zod';
import type { InviteRow } from '../operations/invite/invite-row';
import type { DeleteUserRow } from '../operations/delete-users/delete-users-row';
import { isGuid } from '../operations/deleted-objects';
import type { ParsedCommand } from './command-parser';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { cardReply, say } from './chat-turn';
import { DELIVERABLE_FILES, deliveryText, recordExportOwner } from './file-delivery';
import { graphReadErrorCard } from './graph-read-refusal';
import type { DeliverableKind } from './file-delivery';
import { proposeJob, sendCard } from './plan-confirmation';
import type { Connected, PendingChoices } from './recycle-bin-commands';
import { newCardToken } from './job-card-views';
import { audienceFor } from './turn-actor';
import { buildChooseObjectCard } from '../cards/build-choose-object-card';
import { findActiveUsersNamed } from '../operations/active-user-search';

export const DEFAULT_INVITE_REDIRECT = 'https://myapplications.microsoft.com';

/** `invite <email> …`: one row through the same dry run and approval as a bulk invite file. */
export async function handleInvite(runtime: BotRuntime, chat: Chat, connected: Connected, command: Extract<ParsedCommand, { intent: 'invite' }>): Promise<void> {
  if (!command.email) {
    await say(chat, 'Whom should I invite? Type `invite <email>`, or attach a bulk invite CSV.');
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
  // The results file shows the row input as the admin gave it, so the message belongs there too.
  const input = templateRowInput(csvTemplateFor('invite'), {
    inviteeEmail: row.email,
    inviteRedirectURL: row.redirectUrl,
    sendEmail: String(row.sendInvitationMessage),
    customizedMessageBody: row.customizedMessageBody,
    inviteeName: row.displayName,
  });
  const plan = await BULK_OPERATIONS.invite.plan([{ rowIndex: 0, input, row }], { graph: connected.graph, caller: connected.caller, now: runtime.now });
  await proposeJob(runtime, chat, { actor: connected.actor, caller: connected.caller, plan, source: { type: 'command', text: chat.facts.text } });
}

type ExportCommand = Extract<ParsedCommand, { intent: 'export-users' | 'export-groups' | 'export-group-members' }>;

const EXPORT_KINDS = { 'export-users': 'users', 'export-groups': 'groups', 'export-group-members': 'group-members' } as const satisfies Record<ExportCommand['intent'], DeliverableKind>;

/** Streams the export into the file store (bounded memory), then hands the file to the requester. */
export async function handleExport(runtime: BotRuntime, chat: Chat, connected: Connected, command: ExportCommand): Promise<void> {
  const fileId = `export-${randomUUID()}`;
  const kind = EXPORT_KINDS[command.intent];
  const name = DELIVERABLE_FILES[kind];
  const out = new PassThrough();
  const stored = runtime.deps.store.putFile(fileId, name, out);
  let result: ExportResult;
  try {
    const running =
      command.intent === 'export-users'
        ? exportUsers(
            connected.graph,
            out,
            { ...(command.userType ? { userType: command.userType } : {}), ...(command.where ? { where: command.where } : {}) },
            command.columns ? { columns: command.columns } : {},
          )
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
      await sendCard(chat, graphReadErrorCard('directory', 'The export stopped', error));
      return;
    }
    if (error instanceof ExportOptionError || error instanceof GroupPlanError) {
      // These messages quote what was typed (a group name, a filter), so they are sent as literal text.
      await say(chat, escapeCardText(error.message));
      return;
    }
    throw error;
  }
  const { actor } = connected;
  await recordExportOwner(runtime.deps.store, fileId, actor.aadObjectId);
  const delivered = await runtime.files.deliver(chat, { id: fileId, kind }, { aadObjectId: actor.aadObjectId, mri: actor.mri, tenantId: actor.tenantId }, name);
  const filter = command.intent === 'export-users' && command.where ? `${command.where.property} is ${command.where.value}` : undefined;
  const card = buildExportResultCard({
    subject: result.subject,
    rows: result.rows,
    fileName: name,
    ...(filter ? { filter } : {}),
    ...(delivered.ok && delivered.via === 'link' ? { url: delivered.url } : { delivery: deliveryText(delivered, name) }),
    notes: result.notes.map(describeExportNote),
  });
  // The text is what clients without cards (and transcripts) show.
  await chat.send(cardReply(card, `Exported ${result.rows} ${result.subject}: ${deliveryText(delivered, name)}`));
}

/**
 * `delete user <UPN | id | name>`: one row through the bulk-delete dry run (it stays restorable for 30 days). A name
 * is proposed only when exactly one active user has it; otherwise the admin picks from a choice card.
 */
export async function handleDeleteUser(runtime: BotRuntime, chat: Chat, connected: Connected, target: string, choices: PendingChoices): Promise<void> {
  if (!isGuid(target) && !target.includes('@')) {
    const found = await findActiveUsersNamed(connected.graph, target);
    if (!found.ok) {
      await sendCard(chat, graphReadErrorCard('directory', `I couldn't look up "${target}"`, found.error));
      return;
    }
    const [only] = found.users;
    if (found.exact && found.users.length === 1 && only) {
      await proposeUserDeletion(runtime, chat, connected, only.id);
      return;
    }
    if (found.users.length > 0) {
      const candidates = found.users.map((user) => ({
        objectId: user.id,
        typeLabel: 'User',
        displayName: user.displayName,
        ...(user.userPrincipalName ? { userPrincipalName: user.userPrincipalName } : {}),
        ...(user.mail ? { mail: user.mail } : {}),
      }));
      const cardToken = newCardToken();
      choices.remember(cardToken, { initiatorId: connected.actor.aadObjectId, action: { kind: 'delete', candidates }, text: chat.facts.text, query: target });
      await sendCard(
        chat,
        buildChooseObjectCard({
          cardToken,
          query: target,
          action: 'delete',
          candidates,
          ...(found.exact ? {} : { didYouMean: true, scope: 'active users' }),
          audience: audienceFor(connected.actor, { mri: connected.actor.mri, name: connected.caller.displayName }, true),
        }),
      );
      return;
    }
  }
  await proposeUserDeletion(runtime, chat, connected, target);
}

/** The dry run for deleting one user named by UPN or object id, and its confirm card. */
export async function proposeUserDeletion(runtime: BotRuntime, chat: Chat, connected: Connected, target: string): Promise<void> {
  const byId = isGuid(target);
  const row: DeleteUserRow = { target: byId ? { by: 'id', id: target } : { by: 'userPrincipalName', userPrincipalName: target } };
  const input = templateRowInput(csvTemplateFor('delete-users'), byId ? { objectId: target } : { userPrincipalName: target });
  const plan = await BULK_OPERATIONS['delete-users'].plan([{ rowIndex: 0, input, row }], { graph: connected.graph, caller: connected.caller, now: runtime.now });
  await proposeJob(runtime, chat, { actor: connected.actor, caller: connected.caller, plan, source: { type: 'command', text: chat.facts.text } });
}

const MEMBERS_SHOWN = 20;

const memberPageSchema = z.object({
  value: z.array(z.object({ displayName: z.string().nullable().optional(), userPrincipalName: z.string().nullable().optional(), mail: z.string().nullable().optional() })),
  '@odata.nextLink': z.string().optional(),
});

/** "who are the members of Sales and Marketing": the first members in the chat, and the export for all of them. */
export async function handleMembersQuestion(chat: Chat, connected: Connected, groupName: string): Promise<void> {
  let group;
  try {
    group = await findSingleGroup(connected.graph, groupName);
  } catch (error) {
    if (error instanceof GroupPlanError) {
      await say(chat, escapeCardText(error.message));
      return;
    }
    if (error instanceof GraphError) {
      await sendCard(chat, graphReadErrorCard('directory', `I couldn't look up the group "${groupName}"`, error));
      return;
    }
    throw error;
  }
  const response = await connected.graph.request<unknown>({
    url: `/groups/${group.id}/members?$select=id,displayName,userPrincipalName,mail&$top=${MEMBERS_SHOWN}`,
    operation: 'read',
  });
  if (!response.ok) {
    await sendCard(chat, graphReadErrorCard('directory', `I couldn't read the members of ${group.displayName}`, response.error));
    return;
  }
  const page = memberPageSchema.safeParse(response.body);
  const members = page.success ? page.data.value : [];
  const name = escapeCardLine(group.displayName, 200);
  const download = `Type "download members of ${name}" for the full list as a CSV.`;
  if (members.length === 0) {
    await say(chat, `${name} has no members.`);
    return;
  }
  const lines = members.map((m) => {
    const handle = m.userPrincipalName ?? m.mail;
    return `- ${escapeCardLine(handle ? `${m.displayName ?? handle} (${handle})` : (m.displayName ?? ''), 200)}`;
  });
  const more = page.success && page.data['@odata.nextLink'] ? `These are the first ${members.length}; there are more. ` : '';
  await say(chat, [`Members of ${name}:`, ...lines, '', `${more}${download}`].join('\n'));
}
