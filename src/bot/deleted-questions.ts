import { escapeCardLine } from '../cards/escape-card-text';
import { findActiveUsersNamed } from '../operations/active-user-search';
import { findDeletedObjects, RETENTION_DAYS, TYPE_NAMES } from '../operations/deleted-objects';
import type { DeletedObject } from '../operations/deleted-objects';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { say } from './chat-turn';
import { graphReadErrorCard } from './graph-read-refusal';
import { sendCard } from './plan-confirmation';
import type { Connected } from './recycle-bin-commands';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_LISTED = 5;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "Adele Vance (AdeleV@contoso.com), a user deleted on 2026-11-30: 27 days left to restore it, until 2026-12-30". */
function describe(item: DeletedObject): string {
  const handle = item.userPrincipalName ?? item.mail;
  const name = escapeCardLine(handle ? `${item.displayName} (${handle})` : item.displayName, 200);
  const deletedAt = item.deletedDateTime ? Date.parse(item.deletedDateTime) : NaN;
  if (Number.isNaN(deletedAt)) return `${name}, a deleted ${TYPE_NAMES[item.type].one}`;
  const left = item.daysLeft ?? 0;
  const window = left === 0 ? 'less than a day left to restore it' : `${left} ${left === 1 ? 'day' : 'days'} left to restore it`;
  return `${name}, a ${TYPE_NAMES[item.type].one} deleted on ${isoDate(deletedAt)}: ${window}, until ${isoDate(deletedAt + RETENTION_DAYS * DAY_MS)}`;
}

/** `is Adele Vance deleted?`, `when does Megan Bowen's restore window end?`: answered from the recycle bin. */
export async function handleDeletedQuestion(runtime: BotRuntime, chat: Chat, connected: Connected, ask: 'is-deleted' | 'restore-window', target: string): Promise<void> {
  const shown = escapeCardLine(target, 200);
  const found = await findDeletedObjects(connected.graph, target, { now: runtime.now() });
  if (!found.ok) {
    await sendCard(chat, graphReadErrorCard('recycle-bin', `I couldn't search the recycle bin for "${target}"`, found.error));
    return;
  }
  if (found.matches.length > 0) {
    const listed = found.matches.slice(0, MAX_LISTED).map((item) => `- ${describe(item)}`);
    const more = found.matches.length > MAX_LISTED ? [`- …and ${found.matches.length - MAX_LISTED} more; \`deleted ${shown}\` lists them all.`] : [];
    const lead = ask === 'is-deleted' ? `Yes, in the recycle bin:` : `The restore window (${RETENTION_DAYS} days from deletion) of:`;
    await say(chat, [lead, ...listed, ...more, '', `Type \`restore ${shown}\` to bring it back.`].join('\n'));
    return;
  }
  const active = target.includes('@') ? undefined : await findActiveUsersNamed(connected.graph, target);
  if (active?.ok && active.exact && active.users.length > 0) {
    await say(chat, `No: ${shown} is an active user, not in the recycle bin.`);
    return;
  }
  await say(
    chat,
    `Nothing named "${shown}" is in the recycle bin: it was never deleted, was deleted more than ${RETENTION_DAYS} days ago, or was purged.` +
      (ask === 'restore-window' ? ' There is no restore window left for it.' : ''),
  );
}
