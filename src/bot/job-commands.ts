import { buildJobsListCard, MAX_LISTED_JOBS } from '../cards/build-jobs-list-card';
import type { JobListState } from '../cards/build-jobs-list-card';
import type { Job } from '../jobs/job-model';
import { cancelJob } from '../jobs/job-control';
import type { BotRuntime } from './bot-deps';
import type { Chat, Reply } from './chat-turn';
import { cardReply, say, textReply } from './chat-turn';
import { proposeRetry, statusCardFor } from './job-actions';
import { jobCountsOf, jobLabel, jobTitle, kindLabel } from './job-card-views';
import type { TurnActor } from './turn-actor';

function listState(job: Job): JobListState {
  switch (job.state) {
    case 'draft':
    case 'awaiting-approval':
      return 'awaiting-confirmation';
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

export async function jobOrHint(runtime: BotRuntime, actor: TurnActor, ref: string | undefined, verb: string): Promise<JobOrHint> {
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
        })),
      }),
    ),
  ];
}

export async function handleStatus(runtime: BotRuntime, actor: TurnActor, ref: string | undefined): Promise<Reply[]> {
  const found = await jobOrHint(runtime, actor, ref, 'status');
  if (!found.ok) return [found.hint];
  return [cardReply(await statusCardFor(runtime, found.job, actor))];
}

export async function handleCancel(runtime: BotRuntime, actor: TurnActor, ref: string | undefined): Promise<Reply[]> {
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
export async function handleRetry(runtime: BotRuntime, chat: Chat, actor: TurnActor, ref: string | undefined): Promise<void> {
  const found = await jobOrHint(runtime, actor, ref, 'retry');
  if (!found.ok) {
    await chat.send(found.hint);
    return;
  }
  await say(chat, await proposeRetry(runtime, chat, actor, found.job));
}
