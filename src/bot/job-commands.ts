import { buildJobsListCard, MAX_LISTED_JOBS } from '../cards/build-jobs-list-card';
import type { JobListState } from '../cards/build-jobs-list-card';
import type { Job } from '../jobs/job-model';
import { cancelJob } from '../jobs/job-control';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { say } from './chat-turn';
import { proposeRetry, statusCardFor } from './job-actions';
import { jobCountsOf, jobLabel, jobTitle, kindLabel } from './job-card-views';
import { sendCard } from './plan-confirmation';
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

async function jobOrHint(runtime: BotRuntime, chat: Chat, actor: TurnActor, ref: string | undefined, verb: string): Promise<Job | undefined> {
  if (!ref) {
    await say(chat, `Which job? Type \`${verb} <job>\` with the job id from its card; \`jobs\` lists yours.`);
    return undefined;
  }
  const job = await findOwnJob(runtime, actor, ref);
  if (job) return job;
  const theirs = await findConversationJob(runtime, actor, ref);
  if (theirs) {
    await say(chat, 
      `Job ${jobLabel(theirs)} (${kindLabel(theirs.kind)}) was started by ${plainName(theirs.initiator.name)}: only they can ${verb === 'status' ? 'see its details' : `${verb} it`}. Nothing was changed.`,
    );
    return undefined;
  }
  await say(chat, `I found no job "${plainName(ref)}" of yours. Type \`jobs\` to see your jobs and their ids.`);
  return undefined;
}

/** Names and typed text go into plain-text replies, which Teams renders as markdown: keep them inert. */
function plainName(value: string): string {
  return value.slice(0, 100).replace(/[\\`*_[\]<>~#|]/g, (c) => `\\${c}`);
}

export async function handleJobsList(runtime: BotRuntime, chat: Chat, actor: TurnActor): Promise<void> {
  const jobs = await runtime.deps.store.listJobs({ initiatorId: actor.aadObjectId, tenantId: actor.tenantId, limit: 200 });
  await sendCard(
    chat,
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
  );
}

export async function handleStatus(runtime: BotRuntime, chat: Chat, actor: TurnActor, ref: string | undefined): Promise<void> {
  const job = await jobOrHint(runtime, chat, actor, ref, 'status');
  if (job) await sendCard(chat, await statusCardFor(runtime, job, actor));
}

export async function handleCancel(runtime: BotRuntime, chat: Chat, actor: TurnActor, ref: string | undefined): Promise<void> {
  const job = await jobOrHint(runtime, chat, actor, ref, 'cancel');
  if (!job) return;
  const result = await cancelJob(runtime.deps.store, job.id, new Date(runtime.now()), { objectId: actor.aadObjectId, name: job.initiator.name });
  if (!result.ok) {
    await say(chat, `Job ${jobLabel(job)} can't be cancelled: ${result.error.message}`);
    return;
  }
  await say(chat, 
    result.value.job.state === 'cancelled'
      ? `Job ${jobLabel(job)} is cancelled; rows that had not run are marked cancelled.`
      : `Job ${jobLabel(job)} stops after the batch it is running now; finished rows stay done.`,
  );
}

export async function handleRetry(runtime: BotRuntime, chat: Chat, actor: TurnActor, ref: string | undefined): Promise<void> {
  const job = await jobOrHint(runtime, chat, actor, ref, 'retry');
  if (job) await say(chat, await proposeRetry(runtime, chat, actor, job));
}
