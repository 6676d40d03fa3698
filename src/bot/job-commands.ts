import { buildJobsListCard, MAX_LISTED_JOBS } from '../cards/build-jobs-list-card';
import type { JobListState } from '../cards/build-jobs-list-card';
import type { Job } from '../jobs/job-model';
import { cancelJob } from '../jobs/job-control';
import { isTerminal } from '../jobs/job-state-machine';
import type { BotRuntime } from './bot-deps';
import type { Chat, Reply } from './chat-turn';
import { cardReply, isGroupConversation, say, textReply } from './chat-turn';
import { mutateJob } from '../jobs/job-store';
import { approvalCardFor } from './second-approval-views';
import { confirmJobAction, proposeRetry, statusCardFor } from './job-actions';
import { cardActivityIdOf, cardTokenOf, initiatorMri, jobCountsOf, jobLabel, jobTitle, kindLabel } from './job-card-views';
import type { TurnActor } from './turn-actor';

function listState(job: Job): JobListState {
  switch (job.state) {
    case 'draft':
    case 'awaiting-approval':
      return 'awaiting-confirmation';
    case 'awaiting-second-approval':
      return 'awaiting-second-approval';
    case 'running':
      return job.cancelRequested ? 'cancelling' : 'running';
    case 'queued':
    case 'paused':
    case 'cancelled':
      return job.state;
    case 'completed':
    case 'completed-with-failures':
      return 'completed';
    default:
      return 'stopped';
  }
}

function matchesRef(job: Job, ref: string): boolean {
  const upper = ref.toUpperCase();
  return job.id === ref || jobLabel(job) === upper || job.id.toUpperCase().startsWith(upper);
}

/** A job of this person, in this tenant, by id or by the short label on its cards (`status 3F9A1C`). */
export async function findOwnJob(runtime: BotRuntime, actor: TurnActor, ref: string): Promise<Job | undefined> {
  const wanted = ref.trim().replace(/^#/, '');
  const direct = await runtime.deps.store.getJob(wanted);
  if (direct && direct.job.initiator.objectId === actor.aadObjectId && direct.job.tenantId === actor.tenantId) return direct.job;
  const jobs = await runtime.deps.store.listJobs({ initiatorId: actor.aadObjectId, tenantId: actor.tenantId, limit: 500 });
  return jobs.find((job) => matchesRef(job, wanted));
}

/**
 * Someone else's job that this person can see on a card in this conversation, so that "only X can" is no news to them.
 * Jobs from other conversations or tenants are never named.
 */
async function findConversationJob(runtime: BotRuntime, actor: TurnActor, ref: string): Promise<Job | undefined> {
  if (!actor.conversationId) return undefined;
  const wanted = ref.trim().replace(/^#/, '');
  const jobs = await runtime.deps.store.listJobs({ conversationId: actor.conversationId, tenantId: actor.tenantId, limit: 500 });
  return jobs.find((job) => matchesRef(job, wanted));
}

type JobOrHint = { ok: true; job: Job } | { ok: false; hint: Reply };

/** Which job a command means: one named by id or label, or `latest` ("my job", "the last job", "that job"). */
export type JobRef = string | { latest: true } | undefined;

/** The admin's most recent job; for cancel, the most recent one that has not finished, since only those can stop. */
async function latestOwnJob(runtime: BotRuntime, actor: TurnActor, verb: string): Promise<Job | undefined> {
  const jobs = await runtime.deps.store.listJobs({ initiatorId: actor.aadObjectId, tenantId: actor.tenantId, limit: 50 });
  const newestFirst = [...jobs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (verb === 'cancel') return newestFirst.find((job) => !isTerminal(job.state)) ?? newestFirst[0];
  if (verb === 'retry') return newestFirst.find((job) => job.counters.failed > 0) ?? newestFirst[0];
  return newestFirst[0];
}

export async function jobOrHint(runtime: BotRuntime, actor: TurnActor, ref: JobRef, verb: string): Promise<JobOrHint> {
  if (typeof ref === 'object') {
    const latest = await latestOwnJob(runtime, actor, verb);
    return latest ? { ok: true, job: latest } : { ok: false, hint: textReply('You have no jobs yet. Type `help` to see what I can do.') };
  }
  if (!ref) return { ok: false, hint: textReply(`Which job? Type \`${verb} <job>\` with the job id from its card; \`jobs\` lists yours.`) };
  const job = await findOwnJob(runtime, actor, ref);
  if (job) return { ok: true, job };
  const theirs = await findConversationJob(runtime, actor, ref);
  if (theirs) {
    return {
      ok: false,
      hint: textReply(
        `Job ${jobLabel(theirs)} (${kindLabel(theirs.kind)}) was started by ${plainName(theirs.initiator.name)}: only they can ${verb === 'status' ? 'see its details' : `${verb} it`}. Nothing was changed.`,
      ),
    };
  }
  return { ok: false, hint: textReply(`I found no job "${plainName(ref)}" of yours. Type \`jobs\` to see your jobs and their ids.`) };
}

/** Names and typed text go into plain-text replies, which Teams renders as markdown: keep them inert. */
function plainName(value: string): string {
  return value.slice(0, 100).replace(/[\\`*_[\]<>~#|]/g, (c) => `\\${c}`);
}

export async function handleJobsList(runtime: BotRuntime, actor: TurnActor): Promise<Reply[]> {
  const jobs = await runtime.deps.store.listJobs({ initiatorId: actor.aadObjectId, tenantId: actor.tenantId, limit: 200 });
  return [
    cardReply(
      buildJobsListCard({
        heading: 'Your jobs',
        totalCount: jobs.length,
        jobs: jobs.slice(0, MAX_LISTED_JOBS).map((job) => ({
          jobLabel: jobLabel(job),
          kindLabel: kindLabel(job.kind),
          title: jobTitle(job),
          state: listState(job),
          counts: jobCountsOf(job),
          createdAt: job.createdAt,
          ...(job.secondApprover ? { secondApproverName: job.secondApprover.name } : {}),
        })),
      }),
    ),
  ];
}

export async function handleStatus(runtime: BotRuntime, actor: TurnActor, ref: JobRef): Promise<Reply[]> {
  const found = await jobOrHint(runtime, actor, ref, 'status');
  if (!found.ok) return [found.hint];
  return [cardReply(await statusCardFor(runtime, found.job, actor))];
}

export async function handleCancel(runtime: BotRuntime, actor: TurnActor, ref: JobRef): Promise<Reply[]> {
  const found = await jobOrHint(runtime, actor, ref, 'cancel');
  if (!found.ok) return [found.hint];
  const job = found.job;
  const result = await cancelJob(runtime.deps.store, job.id, new Date(runtime.now()), { objectId: actor.aadObjectId, name: job.initiator.name });
  if (!result.ok) return [textReply(`Job ${jobLabel(job)} can't be cancelled: ${result.error.message}`)];
  return [
    textReply(
      result.value.job.state === 'cancelled'
        ? `Job ${jobLabel(job)} is cancelled; rows that had not run are marked cancelled.`
        : `Job ${jobLabel(job)} stops after the batch it is running now; finished rows stay done.`,
    ),
  ];
}

/** The retry's confirm card is posted (its id is kept for progress updates) before the reply that points at it. */
export async function handleRetry(runtime: BotRuntime, chat: Chat, actor: TurnActor, ref: JobRef): Promise<void> {
  const found = await jobOrHint(runtime, actor, ref, 'retry');
  if (!found.ok) {
    await chat.send(found.hint);
    return;
  }
  await say(chat, await proposeRetry(runtime, chat, actor, found.job));
}

const TYPED_CONFIRM_WINDOW_MS = 30 * 60 * 1000;

/**
 * "yes" / "go ahead" in a personal chat: confirms this admin's newest card in this conversation through the Confirm
 * button's own code path (same checks: initiator, current card, conversation, expiry, limits). Never in a group chat.
 */
export async function handleTypedConfirm(runtime: BotRuntime, chat: Chat, actor: TurnActor): Promise<void> {
  if (isGroupConversation(chat.facts)) {
    await say(chat, 'In a group chat I take confirmations only from the Confirm button on the card, so everyone sees who confirmed what. Nothing was run.');
    return;
  }
  const [newest] = await runtime.deps.store.listJobs({ initiatorId: actor.aadObjectId, tenantId: actor.tenantId, conversationId: actor.conversationId, limit: 1 });
  if (!newest || (newest.state !== 'awaiting-approval' && newest.state !== 'draft')) {
    await say(chat, 'Nothing of yours is waiting for confirmation here, so nothing was run. `jobs` lists your jobs.');
    return;
  }
  // "yes" answers a card just shown; an older one is confirmed with its own button, where its rows are in view.
  if (runtime.now() - Date.parse(newest.createdAt) > TYPED_CONFIRM_WINDOW_MS) {
    await say(chat, `Your newest card (job ${jobLabel(newest)}) is more than 30 minutes old, so "yes" does not confirm it: press Confirm on the card. Nothing was run.`);
    return;
  }
  const card = await confirmJobAction(runtime, chat, actor, { cardToken: cardTokenOf(newest), jobId: newest.id });
  const activityId = cardActivityIdOf(newest);
  if (activityId) await chat.update(activityId, card);
  else await chat.send(cardReply(card));
  const after = (await runtime.deps.store.getJob(newest.id))?.job;
  const started = after !== undefined && after.state !== 'awaiting-approval' && after.state !== 'draft';
  await say(chat, started ? `Confirmed: job ${jobLabel(newest)} is running; its card shows the progress.` : `Job ${jobLabel(newest)} is not confirmed yet: see its card for what it still needs.`);
}

/**
 * `approval <job>` in a group chat or channel: the initiator brings a job waiting for its second approval to where the
 * other administrators are. Teams lets a bot post only where it is asked, so the initiator asks there.
 */
export async function handleApprovalRequest(runtime: BotRuntime, actor: TurnActor, ref: string | undefined): Promise<Reply[]> {
  if (!actor.isGroup) {
    return [textReply('Send `approval <job>` in the team channel or group chat where the other administrators are (mention me there): here only you would see the Approve button.')];
  }
  if (!ref) return [textReply('Which job? Type `approval <job>` with the job id from its card; `jobs` lists yours.')];
  const job = await findOwnJob(runtime, actor, ref);
  if (!job) return [textReply(`I found no job "${plainName(ref)}" of yours. Only the administrator who started a job can ask for its approval; \`jobs\` lists yours.`)];
  const lapsed = job.expiresAt !== null && Date.parse(job.expiresAt) <= runtime.now();
  if (job.state !== 'awaiting-second-approval' || lapsed) {
    return [textReply(`Job ${jobLabel(job)} isn't waiting for a second approval (it is ${lapsed ? 'expired' : job.state}), so there is nothing to approve.`)];
  }
  const moved = await mutateJob(runtime.deps.store, job.id, (j) => ({ ...j, options: { ...j.options, approvalConversationId: actor.conversationId } }));
  if (!moved.ok) return [textReply('I could not post the approval request; try again.')];
  const audience = { isGroup: true, initiator: { mri: initiatorMri(job), name: job.initiator.name }, viewer: 'observer' as const };
  return [cardReply(await approvalCardFor(runtime.deps.store, moved.value.job, audience))];
}
