import { buildChooseObjectCard } from '../cards/build-choose-object-card';
import { escapeCardLine } from '../cards/escape-card-text';
import type { GraphError } from '../graph/graph-error';
import type { RowPlan } from '../operations/bulk-operation';
import { findActiveUsersNamed } from '../operations/active-user-search';
import { findDeletedObjects, isGuid } from '../operations/deleted-objects';
import type { DeletedObject, DirectoryObjectType } from '../operations/deleted-objects';
import { restoreNotFoundHint, restoreNotFoundNote } from '../operations/restore/restore-not-found';
import type { ParsedCommand } from './command-parser';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { say } from './chat-turn';
import { proposeTypedRows } from './csv-intake';
import type { UnresolvedTarget } from './csv-intake';
import { DEFAULT_INVITE_REDIRECT } from './directory-commands';
import { graphReadErrorCard } from './graph-read-refusal';
import { newCardToken } from './job-card-views';
import { sendCard } from './plan-confirmation';
import { candidateOf, handleRecycleCommand } from './recycle-bin-commands';
import type { Connected, PendingChoices, RecycleAction } from './recycle-bin-commands';
import { audienceFor } from './turn-actor';

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function sameText(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.trim().toLowerCase();
}

function isExactDeletedMatch(item: DeletedObject, typed: string): boolean {
  return [item.id, item.displayName, item.userPrincipalName, item.mail, ...(item.emailAddresses ?? [])].some((name) => sameText(name, typed));
}

/** The restore file's cells naming one deleted object. */
function restoreCells(item: DeletedObject, reconcileProxy: boolean): Record<string, string> {
  return { objectId: item.id, ...(reconcileProxy ? { autoReconcileProxyConflict: 'true' } : {}) };
}

/** The handles that tell same-named objects apart: UPN, mail, or object id. */
function listCandidates(items: readonly DeletedObject[]): string {
  const shown = items.slice(0, 4).map((item) => item.userPrincipalName ?? item.mail ?? item.id);
  return items.length > shown.length ? `${shown.join(', ')} and ${items.length - shown.length} more` : shown.join(' or ');
}

/** A card of several restores can't tick reconciliation per row: the command can ask for it for all of them. */
function typedRestoreNotices(rows: readonly RowPlan[], reconcileProxy: boolean): string[] {
  const needing = rows.filter((row) => row.needs === 'proxyReconciliation').length;
  if (needing === 0 || reconcileProxy) return [];
  return [`To restore the ${needing === 1 ? 'row that needs' : `${needing} rows that need`} proxy reconciliation too, send the command again ending with "reconcile proxy".`];
}

type Search = { ok: true; matches: DeletedObject[] } | { ok: false; error: GraphError };

/**
 * `restore Adele Vance, Megan Bowen and Emily Braun`: each name resolved as a single restore would be, one job and
 * one confirm card for all; a name that matches several objects is a row that asks which, with a choice card for it.
 */
export async function handleRestoreTargets(
  runtime: BotRuntime,
  chat: Chat,
  connected: Connected,
  choices: PendingChoices,
  command: { targets: readonly string[]; wholeName?: string; objectType?: DirectoryObjectType; reconcileProxy: boolean },
): Promise<void> {
  const types = command.objectType ? [command.objectType] : undefined;
  const find = (text: string): Promise<Search> => findDeletedObjects(connected.graph, text, { now: runtime.now(), ...(types ? { types } : {}) });
  const action: RecycleAction = { kind: 'restore', reconcileProxy: command.reconcileProxy };
  if (command.wholeName) {
    // "Sales and Marketing" may be one object: if it exists under the whole name, it is.
    const whole = await find(command.wholeName);
    if (whole.ok && whole.matches.some((item) => isExactDeletedMatch(item, command.wholeName ?? ''))) {
      await handleRecycleCommand(runtime, chat, connected, choices, { target: command.wholeName, ...(command.objectType ? { objectType: command.objectType } : {}), action });
      return;
    }
  }
  const rows: Record<string, string>[] = [];
  const unresolved: UnresolvedTarget[] = [];
  const ambiguous: Array<{ typed: string; matches: DeletedObject[] }> = [];
  for (const typed of command.targets) {
    const found = await find(typed);
    if (!found.ok) {
      await sendCard(chat, graphReadErrorCard('recycle-bin', `I couldn't search the recycle bin for "${typed}"`, found.error));
      return;
    }
    const exact = found.matches.filter((item) => isExactDeletedMatch(item, typed));
    const matches = exact.length > 0 ? exact : found.matches;
    const [only] = matches;
    if (matches.length === 1 && only) {
      rows.push(restoreCells(only, command.reconcileProxy));
    } else if (matches.length === 0) {
      unresolved.push({ typed, note: restoreNotFoundNote(restoreNotFoundHint(typed.includes('@') ? 'userPrincipalName' : 'text', command.objectType)) });
    } else {
      unresolved.push({ typed, note: `matches ${matches.length} deleted objects, so it waits for your pick on the card below: ${listCandidates(matches)}` });
      ambiguous.push({ typed, matches });
    }
  }
  if (command.wholeName && rows.length === 0 && ambiguous.length === 0) {
    // None of the parts exists either: answer for the name as typed, as a single restore would.
    await handleRecycleCommand(runtime, chat, connected, choices, { target: command.wholeName, ...(command.objectType ? { objectType: command.objectType } : {}), action });
    return;
  }
  await proposeTypedRows(runtime, chat, connected, 'restore', rows, { unresolved, noticesFor: (planned) => typedRestoreNotices(planned, command.reconcileProxy) });
  for (const { typed, matches } of ambiguous) {
    const cardToken = newCardToken();
    choices.remember(cardToken, { initiatorId: connected.actor.aadObjectId, action, text: chat.facts.text, query: typed });
    await sendCard(
      chat,
      buildChooseObjectCard({
        cardToken,
        query: typed,
        action: 'restore',
        candidates: matches.map(candidateOf),
        audience: audienceFor(connected.actor, { mri: connected.actor.mri, name: connected.caller.displayName }, true),
      }),
    );
  }
}

/** `invite ana@fabrikam.com, bob@fabrikam.com`: one invite job, rows as an invite file would have them. */
export async function handleInviteMany(runtime: BotRuntime, chat: Chat, connected: Connected, command: Extract<ParsedCommand, { intent: 'invite' }>, emails: readonly string[]): Promise<void> {
  const rows = emails.map((email) => ({
    inviteeEmail: email,
    inviteRedirectURL: command.redirectUrl ?? DEFAULT_INVITE_REDIRECT,
    sendEmail: String(command.sendEmail),
    ...(command.message ? { customizedMessageBody: command.message } : {}),
  }));
  await proposeTypedRows(runtime, chat, connected, 'invite', rows);
}

type UserRef = { ok: true; cells: { objectId: string } | { userPrincipalName: string } } | { ok: false; note: string } | { ok: false; error: GraphError };

/** An active user by object id, user name, or a display name that exactly one active user has. */
async function resolveActiveUser(connected: Connected, typed: string): Promise<UserRef> {
  if (isGuid(typed)) return { ok: true, cells: { objectId: typed } };
  if (ADDRESS.test(typed)) return { ok: true, cells: { userPrincipalName: typed } };
  const found = await findActiveUsersNamed(connected.graph, typed);
  if (!found.ok) return { ok: false, error: found.error };
  const [only] = found.users;
  if (found.exact && found.users.length === 1 && only) return { ok: true, cells: { objectId: only.id } };
  if (found.users.length === 0) return { ok: false, note: 'is not the name of an active user; use their user name (like adele@contoso.com)' };
  const names = found.users.slice(0, 4).map((user) => `${user.displayName} (${user.userPrincipalName})`).join(' or ');
  if (!found.exact) return { ok: false, note: `is not the exact name of an active user: did you mean ${names}? Name them by user name` };
  return { ok: false, note: `is the name of ${found.users.length} active users: which one? ${names}; name them by user name` };
}

async function resolveUsers(
  chat: Chat,
  connected: Connected,
  typedNames: readonly string[],
): Promise<{ resolved: Array<{ objectId: string } | { userPrincipalName: string }>; unresolved: UnresolvedTarget[] } | undefined> {
  const resolved: Array<{ objectId: string } | { userPrincipalName: string }> = [];
  const unresolved: UnresolvedTarget[] = [];
  for (const typed of typedNames) {
    const ref = await resolveActiveUser(connected, typed);
    if (ref.ok) resolved.push(ref.cells);
    else if ('error' in ref) {
      await sendCard(chat, graphReadErrorCard('directory', `I couldn't look up "${typed}"`, ref.error));
      return undefined;
    } else unresolved.push({ typed, note: ref.note });
  }
  return { resolved, unresolved };
}

/** `delete users a@contoso.com, b@contoso.com`: one delete job for them all. */
export async function handleDeleteUsersMany(runtime: BotRuntime, chat: Chat, connected: Connected, targets: readonly string[]): Promise<void> {
  const users = await resolveUsers(chat, connected, targets);
  if (!users) return;
  await proposeTypedRows(runtime, chat, connected, 'delete-users', users.resolved, { unresolved: users.unresolved });
}

/** `add bob@contoso.com to Sales and Marketing`, `remove Bob Franklin from Sales`: the group file's rows, typed. */
export async function handleMembershipChange(
  runtime: BotRuntime,
  chat: Chat,
  connected: Connected,
  kind: 'add-group-members' | 'remove-group-members',
  members: readonly string[],
  group: string,
): Promise<void> {
  const users = await resolveUsers(chat, connected, members);
  if (!users) return;
  const rows = users.resolved.map((cells) => ({ memberObjectIdOrUpn: 'objectId' in cells ? cells.objectId : cells.userPrincipalName }));
  await proposeTypedRows(runtime, chat, connected, kind, rows, { options: { group }, unresolved: users.unresolved });
}

/** `set Adele Vance's job title to Engineer`: one update-users row with one filled-in column. */
export async function handleUpdateUser(
  runtime: BotRuntime,
  chat: Chat,
  connected: Connected,
  command: { target: string; property: Extract<ParsedCommand, { intent: 'update-user' }>['property']; value: string },
): Promise<void> {
  const ref = await resolveActiveUser(connected, command.target);
  if (!ref.ok) {
    if ('error' in ref) await sendCard(chat, graphReadErrorCard('directory', `I couldn't look up "${command.target}"`, ref.error));
    else await say(chat, `"${escapeCardLine(command.target, 200)}" ${ref.note}. Nothing was changed.`);
    return;
  }
  await proposeTypedRows(runtime, chat, connected, 'update-users', [{ ...ref.cells, [command.property]: command.value }]);
}
