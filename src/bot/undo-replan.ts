import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { buildErrorCard } from '../cards/build-error-card';
import type { CardActionData } from '../cards/card-action-data';
import { createJobFromPlan } from '../engine/create-job-from-plan';
import type { Job, JobRow } from '../jobs/job-model';
import { cancelJob } from '../jobs/job-control';
import { iterateRows } from '../jobs/job-store';
import { planUndo, undoSourceFromJob } from '../operations/undo';
import type { BotRuntime } from './bot-deps';
import { changedRowsOf, offeredRowCount } from './plan-confirmation';
import { connectAs } from './turn-actor';
import type { TurnActor } from './turn-actor';

export type UndoChoiceOutcome = { ok: true; job: Job } | { ok: false; card: AdaptiveCardJson };

/**
 * "Also undo the rows changed since the job", ticked on an undo's confirm card: the undo is planned again with those
 * rows as a replacement job (the card's job is cancelled), which the Confirm then runs. Unticked, nothing changes.
 */
export async function applyUndoChoices(runtime: BotRuntime, actor: TurnActor, job: Job, data: CardActionData): Promise<UndoChoiceOutcome> {
  if (data.includeChanged !== true || changedRowsOf(job) === 0 || job.undoOf === undefined) return { ok: true, job };
  const original = await runtime.deps.store.getJob(job.undoOf);
  if (!original) return { ok: false, card: buildErrorCard({ title: 'The job to undo no longer exists', message: 'It may have expired. Nothing was changed.' }) };
  const rows: JobRow[] = [];
  for await (const row of iterateRows(runtime.deps.store, original.job.id)) rows.push(row);
  const source = undoSourceFromJob(original.job, rows);
  if (!source.ok) return { ok: false, card: buildErrorCard({ title: "This job can't be undone", message: source.message }) };
  const session = await connectAs(runtime, actor);
  if (!session.ok) return { ok: false, card: buildErrorCard({ title: "I can't act for you right now", message: session.message }) };
  const undo = await planUndo(source.source, { graph: session.graph, caller: session.caller, now: runtime.now }, { includeChanged: true });
  const replacement = await createJobFromPlan(runtime.deps.store, {
    plan: undo.plan,
    tenantId: job.tenantId,
    initiator: job.initiator,
    source: job.source,
    options: { ...job.options, ...undo.options, offeredRows: offeredRowCount(undo.plan.kind, undo.plan.rows), undoChangedRows: 0 },
    conversationReference: job.conversationReference,
    ...(job.conversationId ? { conversationId: job.conversationId } : {}),
    state: 'awaiting-approval',
    undoOf: original.job.id,
    now: runtime.now(),
  });
  await cancelJob(runtime.deps.store, job.id, new Date(runtime.now()), { objectId: actor.aadObjectId, name: job.initiator.name });
  return { ok: true, job: replacement };
}
