import { recycleBinNotFoundMessage } from '../operations/restore/restore-not-found';
import { buildChooseObjectCard } from '../cards/build-choose-object-card';
import type { ObjectCandidate } from '../cards/build-choose-object-card';
import { buildDeletedListCard, MAX_DELETED_ROWS } from '../cards/build-deleted-list-card';
import type { DeletedItemView } from '../cards/build-deleted-list-card';
import { escapeCardLine } from '../cards/escape-card-text';
import { templateRowInput } from '../csv/csv-template';
import { GraphError } from '../graph/graph-error';
import type { GraphClient } from '../graph/graph-client';
import type { CallerProfile } from '../operations/caller-profile';
import { DELETED_OBJECT_TYPES, TYPE_NAMES, findDeletedObjects, listDeletedObjects } from '../operations/deleted-objects';
import type { DeletedObject, DirectoryObjectType } from '../operations/deleted-objects';
import { csvTemplateFor } from '../operations/csv-kinds';
import { checkRoles } from '../operations/directory-roles';
import { PURGE_ROLES, planPurge } from '../operations/purge/purge-operation';
import { RESTORE_ROLES, restoreRoleCheck } from '../operations/restore/restore-operation';
import { findDeletedObjectById, planRestoreTarget } from '../operations/plan-restore-target';
import type { DeletedWithin, ParsedCommand } from './command-parser';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { say } from './chat-turn';
import { newCardToken } from './job-card-views';
import { proposeJob, roleErrorCard, sendCard, typedCommandOf } from './plan-confirmation';
import type { TurnActor } from './turn-actor';
import { audienceFor } from './turn-actor';
import { graphReadErrorCard } from './graph-read-refusal';

export type RecycleAction = { kind: 'restore'; newUserPrincipalName?: string; reconcileProxy: boolean } | { kind: 'purge' };

/** What a choice card proposes once one is picked: a recycle-bin action, or deleting one of the active users shown. */
export type ChoiceAction = RecycleAction | { kind: 'delete'; candidates: readonly ObjectCandidate[] };

interface PendingChoice {
  initiatorId: string;
  action: ChoiceAction;
  text: string;
  /** What was searched for, e.g. "Megan Bowen". */
  query: string;
}

const MAX_PENDING_CHOICES = 500;

/** What a choice card was for (restore with which options, or purge), keyed by its card token; bounded, newest kept. */
export class PendingChoices {
  private readonly entries = new Map<string, PendingChoice>();

  remember(token: string, choice: PendingChoice): void {
    this.entries.set(token, choice);
    if (this.entries.size > MAX_PENDING_CHOICES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get(token: string): PendingChoice | undefined {
    return this.entries.get(token);
  }
}

export interface Connected {
  actor: TurnActor;
  graph: GraphClient;
  caller: CallerProfile;
}

/** Typed exactly as the object's id, name, UPN or an address of it (case aside), not just the start of its name. */
function isExactMatch(item: DeletedObject, target: string): boolean {
  const typed = target.trim().toLowerCase();
  const names = [item.id, item.displayName, item.userPrincipalName, item.mail, ...(item.emailAddresses ?? [])];
  return names.some((name) => name !== undefined && name.toLowerCase() === typed);
}

function typeLabel(item: DeletedObject): string {
  const one = TYPE_NAMES[item.type].one;
  return one.charAt(0).toUpperCase() + one.slice(1);
}

export function candidateOf(item: DeletedObject): ObjectCandidate {
  return {
    objectId: item.id,
    typeLabel: typeLabel(item),
    displayName: item.displayName,
    ...(item.userPrincipalName ? { userPrincipalName: item.userPrincipalName } : {}),
    ...(item.mail ? { mail: item.mail } : {}),
    ...(item.deletedDateTime ? { deletedAt: item.deletedDateTime } : {}),
    ...(item.daysLeft !== undefined ? { daysLeft: item.daysLeft } : {}),
  };
}

/** `restore <target>` / `purge <target>`: find it, ask which one when several match, then propose the job. */
export async function handleRecycleCommand(
  runtime: BotRuntime,
  chat: Chat,
  connected: Connected,
  choices: PendingChoices,
  input: { target: string; objectType?: DirectoryObjectType; action: RecycleAction },
): Promise<void> {
  const { graph, actor } = connected;
  const found = await findDeletedObjects(graph, input.target, { now: runtime.now(), ...(input.objectType ? { types: [input.objectType] } : {}) });
  if (!found.ok) {
    // Reading the recycle bin needs an active admin role: an eligible one is explained, not reported as an error.
    const requirement = input.action.kind === 'restore' ? RESTORE_ROLES[input.objectType ?? 'user'] : PURGE_ROLES.user;
    const roleCheck = checkRoles(requirement, connected.caller);
    const refused = found.error.status === 403 ? roleErrorCard({ kind: input.action.kind, rows: [], roleCheck, requirements: [requirement], notices: [] }, typedCommandOf(chat.facts)) : undefined;
    await sendCard(chat, refused ?? graphReadErrorCard('recycle-bin', `I couldn't search the recycle bin for "${input.target}"`, found.error));
    return;
  }
  if (found.matches.length === 0) {
    await say(
      chat,
      recycleBinNotFoundMessage({ shownTarget: escapeCardLine(input.target, 200), ...(input.objectType ? { objectType: input.objectType } : {}), action: input.action.kind }),
    );
    return;
  }
  // A permanent deletion is never proposed for a name that only starts like the one typed: the admin picks it.
  const didYouMean = input.action.kind === 'purge' && !found.matches.some((item) => isExactMatch(item, input.target));
  const [only] = found.matches;
  if (found.matches.length === 1 && only && !didYouMean) {
    await proposeRecycleJob(runtime, chat, connected, only, input.action);
    return;
  }
  const cardToken = newCardToken();
  choices.remember(cardToken, { initiatorId: actor.aadObjectId, action: input.action, text: chat.facts.text, query: input.target });
  await sendCard(
    chat,
    buildChooseObjectCard({
      cardToken,
      query: input.target,
      action: input.action.kind,
      candidates: found.matches.map(candidateOf),
      ...(didYouMean ? { didYouMean } : {}),
      audience: audienceFor(actor, { mri: actor.mri, name: connected.caller.displayName }, true),
    }),
  );
}

/** One resolved object → dry run → job awaiting approval → confirm card. */
export async function proposeRecycleJob(runtime: BotRuntime, chat: Chat, connected: Connected, item: DeletedObject, action: RecycleAction): Promise<void> {
  const { graph, caller, actor } = connected;
  const ctx = { graph, caller, now: runtime.now };
  const source = { type: 'command' as const, text: chat.facts.text || `${action.kind} ${item.id}` };
  if (action.kind === 'purge') {
    const plan = await planPurge([{ rowIndex: 0, input: templateRowInput(csvTemplateFor('restore'), { objectId: item.id }), row: { target: { by: 'id', id: item.id } }, resolved: item }], ctx);
    await proposeJob(runtime, chat, { actor, caller, plan, source });
    return;
  }
  const plan = await planRestoreTarget(ctx, item, action);
  await proposeJob(runtime, chat, { actor, caller, plan, source });
}

/** The object a choice card (or a Restore button on the deleted list) points at, looked up again by id. */
export const findChosenObject = findDeletedObjectById;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Today: since midnight UTC; this week: the last seven days. */
function periodStart(period: DeletedWithin, now: number): number {
  return period === 'today' ? now - (now % DAY_MS) : now - 7 * DAY_MS;
}

/** `deleted [type] [search]`: what is in the recycle bin, soonest to expire first. */
export async function handleListDeleted(
  runtime: BotRuntime,
  chat: Chat,
  connected: Connected,
  command: Extract<ParsedCommand, { intent: 'list-deleted' }>,
): Promise<void> {
  const types = command.objectType ? [command.objectType] : DELETED_OBJECT_TYPES;
  const items: DeletedObject[] = [];
  try {
    for (const type of types) {
      for await (const item of listDeletedObjects(connected.graph, type, { now: runtime.now(), ...(command.search ? { search: command.search } : {}) })) {
        items.push(item);
      }
    }
  } catch (error) {
    if (error instanceof GraphError) {
      await sendCard(chat, graphReadErrorCard('recycle-bin', "I couldn't read the recycle bin", error));
      return;
    }
    throw error;
  }
  if (command.deletedWithin) {
    // Graph's deletedItems list does not support $filter on deletedDateTime, so the period is applied here.
    const since = periodStart(command.deletedWithin, runtime.now());
    items.splice(0, items.length, ...items.filter((item) => item.deletedDateTime !== undefined && Date.parse(item.deletedDateTime) >= since));
  }
  items.sort((a, b) => (a.daysLeft ?? 99) - (b.daysLeft ?? 99) || a.displayName.localeCompare(b.displayName));
  const shown: DeletedItemView[] = items.slice(0, MAX_DELETED_ROWS).map((item) => ({
    objectId: item.id,
    typeLabel: typeLabel(item),
    displayName: item.displayName,
    ...(item.userPrincipalName ?? item.mail ?? item.appId ? { identifier: item.userPrincipalName ?? item.mail ?? item.appId ?? '' } : {}),
    deletedAt: item.deletedDateTime ?? '',
    daysLeft: item.daysLeft ?? 0,
  }));
  const what = command.objectType ? `Deleted ${TYPE_NAMES[command.objectType].many}` : 'Deleted items';
  const heading = command.deletedWithin ? `${what} ${command.deletedWithin === 'today' ? 'today (UTC)' : 'in the last 7 days'}` : what;
  await sendCard(
    chat,
    buildDeletedListCard({
      cardToken: newCardToken(),
      heading,
      ...(command.search ? { search: command.search } : {}),
      items: shown,
      totalCount: items.length,
      canRestore: restoreRoleCheck(items.slice(0, 1), connected.caller).ok,
      narrowHint: command.objectType ? `deleted ${TYPE_NAMES[command.objectType].many} <name>` : 'deleted users <name>',
    }),
  );
}
