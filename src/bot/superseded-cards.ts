import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { buildErrorCard } from '../cards/build-error-card';
import { plannedRowOf } from '../engine/job-rows';
import { cancelJob } from '../jobs/job-control';
import type { Job } from '../jobs/job-model';
import { iterateRows, mutateJob } from '../jobs/job-store';
import type { RowPlan } from '../operations/bulk-operation';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { cardActivityIdOf, splitRowLabel } from './job-card-views';

/** Cards with more rows than this are never compared: retiring is for the one-object cards typed in chat. */
const MAX_COMPARED_ROWS = 20;

/** What a job acts on, independent of how it was named: the planned object ids (or labels for rows without work). */
function targetKey(rows: readonly RowPlan[]): string {
  return rows
    .map((row) => (row.work?.id ?? row.label).toLowerCase())
    .sort()
    .join('|');
}

function targetName(rows: readonly RowPlan[]): string {
  const [first] = rows;
  if (rows.length === 1 && first) return splitRowLabel(first.label).name;
  return `the same ${rows.length} objects`;
}

async function storedRows(runtime: BotRuntime, jobId: string): Promise<RowPlan[]> {
  const rows: RowPlan[] = [];
  for await (const row of iterateRows(runtime.deps.store, jobId)) rows.push(plannedRowOf(row));
  return rows;
}

/** The note an older card becomes once a newer card for the same target replaced it; undefined for other jobs. */
export function replacedCardFor(job: Job): AdaptiveCardJson | undefined {
  const target = job.options.replacedTarget;
  if (typeof job.options.replacedBy !== 'string' || typeof target !== 'string') return undefined;
  return buildErrorCard({
    eyebrow: 'Replaced',
    tone: 'refusal',
    title: `Replaced by a newer card for ${target}`,
    message: 'This card can no longer be confirmed; use the newer card. Nothing was changed.',
  });
}

/**
 * A newer confirm card for the same target(s), by the same admin in the same conversation, retires the older pending
 * one: its job is cancelled (so its Confirm can no longer run anything) and its card becomes a short note.
 */
export async function retireSupersededCards(runtime: BotRuntime, chat: Chat, newer: Job, rows: readonly RowPlan[]): Promise<void> {
  if (rows.length === 0 || rows.length > MAX_COMPARED_ROWS || newer.conversationId === null) return;
  const key = targetKey(rows);
  const store = runtime.deps.store;
  const pending = await store.listJobs({ tenantId: newer.tenantId, initiatorId: newer.initiator.objectId, conversationId: newer.conversationId, states: ['awaiting-approval'] });
  for (const older of pending) {
    if (older.id === newer.id || older.kind !== newer.kind || older.counters.total !== rows.length) continue;
    if (targetKey(await storedRows(runtime, older.id)) !== key) continue;
    const cancelled = await cancelJob(store, older.id, new Date(runtime.now()));
    if (!cancelled.ok || cancelled.value.job.state !== 'cancelled') continue;
    const marked = await mutateJob(store, older.id, (job) => ({ ...job, options: { ...job.options, replacedBy: newer.id, replacedTarget: targetName(rows) } }));
    const note = marked.ok ? replacedCardFor(marked.value.job) : undefined;
    const activityId = cardActivityIdOf(older);
    if (!note || !activityId) continue;
    try {
      await chat.update(activityId, note);
    } catch (error) {
      // The job is retired either way; pressing the old card's buttons shows the note.
      runtime.logger.warn({ err: error, jobId: older.id }, 'could not update the replaced card');
    }
  }
}
