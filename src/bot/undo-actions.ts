import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import type { CardActionData } from '../cards/card-action-data';
import type { Job, JobRow } from '../jobs/job-model';
import { iterateRows } from '../jobs/job-store';
import { isTerminal } from '../jobs/job-state-machine';
import { planUndo, undoSourceFromJob } from '../operations/undo';
import type { UndoChoices } from '../operations/undo';
import type { BotRuntime } from './bot-deps';
import type { Chat, Reply } from './chat-turn';
import { say, textReply } from './chat-turn';
import { checkJobAction } from './job-actions';
import { jobOrHint } from './job-commands';
import { jobLabel, kindLabel } from './job-card-views';
import { proposeJob } from './plan-confirmation';
import { connectAs } from './turn-actor';
import type { TurnActor } from './turn-actor';

/** A job whose rows have run (and stopped running): the only kind an undo can reverse. */
function hasRun(job: Job): boolean {
  return isTerminal(job.state) && job.state !== 'expired';
}

/**
 * The undo of a finished job: its inverse over the rows it changed, planned as the initiator (the caller checked that
 * it is theirs) and posted as a confirm card like any job. Returns what to tell the admin.
 */
export async function proposeUndo(runtime: BotRuntime, chat: Chat, actor: TurnActor, job: Job, choices: UndoChoices = {}): Promise<string> {
  if (!hasRun(job)) return `Job ${jobLabel(job)} is ${job.state}: only a job that has run can be undone. Nothing was changed.`;
  const rows: JobRow[] = [];
  for await (const row of iterateRows(runtime.deps.store, job.id)) rows.push(row);
  const source = undoSourceFromJob(job, rows);
  if (!source.ok) return `${source.message} Nothing was changed.`;
  const session = await connectAs(runtime, actor);
  if (!session.ok) return session.message;
  const undo = await planUndo(source.source, { graph: session.graph, caller: session.caller, now: runtime.now }, choices);
  const changed = source.source.rows.length;
  const what = `This undoes job ${jobLabel(job)} (${kindLabel(job.kind)}) for the ${changed === 1 ? 'row' : `${changed} rows`} it changed.`;
  const proposed = await proposeJob(runtime, chat, {
    actor,
    caller: session.caller,
    plan: { ...undo.plan, notices: [what, ...undo.plan.notices] },
    source: { type: 'command', text: `undo ${jobLabel(job)}` },
    options: undo.options,
    undo: { of: job.id, changedRows: undo.changedRows },
  });
  if (!proposed) return `I can't undo job ${jobLabel(job)} with your current roles; the card above says why. Nothing was changed.`;
  return `I posted a confirmation to undo job ${jobLabel(job)}: nothing changes until you confirm it.`;
}

/** The Undo button of a result card: only its initiator, from a current card, in its own conversation (as Confirm). */
export async function undoJobAction(runtime: BotRuntime, chat: Chat, actor: TurnActor, data: CardActionData): Promise<AdaptiveCardJson | string> {
  const checked = await checkJobAction(runtime, actor, data, 'undo this job');
  if (!checked.ok) return checked.card;
  return proposeUndo(runtime, chat, actor, checked.job);
}

/** The admin's most recent job that has run, in this tenant. */
async function lastJobOf(runtime: BotRuntime, actor: TurnActor): Promise<Job | undefined> {
  const jobs = await runtime.deps.store.listJobs({ initiatorId: actor.aadObjectId, tenantId: actor.tenantId, limit: 200 });
  return jobs.filter(hasRun).sort((a, b) => (b.finishedAt ?? b.updatedAt).localeCompare(a.finishedAt ?? a.updatedAt))[0];
}

/** `undo <job>` and `undo my last job`: only the admin's own jobs (someone else's gets "only they can undo it"). */
export async function handleUndo(runtime: BotRuntime, chat: Chat, actor: TurnActor, command: { job?: string; last?: boolean }): Promise<void> {
  let job: Job | undefined;
  if (command.last) {
    job = await lastJobOf(runtime, actor);
    if (!job) {
      await chat.send(textReply('You have no finished job to undo. Type `jobs` to see your jobs.'));
      return;
    }
  } else {
    const found = await jobOrHint(runtime, actor, command.job, 'undo');
    if (!found.ok) {
      await chat.send(found.hint satisfies Reply);
      return;
    }
    job = found.job;
  }
  await say(chat, await proposeUndo(runtime, chat, actor, job));
}
