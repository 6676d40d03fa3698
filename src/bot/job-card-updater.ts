import type { JobEvent } from '../jobs/job-events';
import { withRetry } from '../net/retry';
import type { RetryBounds, RetryClock } from '../net/retry';
import type { Job } from '../jobs/job-model';
import { isTerminal } from '../jobs/job-state-machine';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { cardActivityIdOf, initiatorMri, jobLabel, jobStatusCard } from './job-card-views';

/** A waiting Retry-After is honoured up to a minute; updates of one job queue behind it, others are not held up. */
const CARD_UPDATE_RETRY: RetryBounds = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** Bot Framework's `RestError` carries the HTTP status; Teams answers 412 when updates of one message come too fast. */
function isThrottled(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return status === 429 || status === 412 || status === 502 || status === 504;
}

export interface JobCardUpdaterOptions {
  /** The results link a finished card shows; by default the runtime's file delivery decides. */
  resultsUrl?: (job: Job) => string | undefined;
  /** Time for the waits between tries of a throttled update (tests pass a virtual clock). */
  clock?: RetryClock;
  random?: () => number;
}

/**
 * Keeps each job's one card current in its conversation. Updates for one job run one at a time, in order, so a slow
 * progress update can never land after the result; the runner already limits progress events to one per interval.
 */
export class JobCardUpdater {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly unsubscribe: () => void;
  /** Jobs whose results file this process has offered by file consent (the deps' onceMarks say it for every instance). */
  private readonly offered = new Set<string>();
  private readonly resultsUrl: (job: Job) => string | undefined;

  constructor(
    private readonly runtime: BotRuntime,
    private readonly options: JobCardUpdaterOptions = {},
  ) {
    this.resultsUrl = options.resultsUrl ?? ((job) => runtime.files.linkFor({ id: job.id, kind: 'results' }));
    this.unsubscribe = runtime.runner.onProgress((event) => this.onEvent(event));
  }

  /** Resolves when every update queued so far has been sent (or given up on). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  dispose(): void {
    this.unsubscribe();
  }

  private onEvent(event: JobEvent): void {
    const job = event.job;
    if (!job.conversationReference || !cardActivityIdOf(job)) return;
    const previous = this.queues.get(job.id) ?? Promise.resolve();
    const next = previous
      .then(() => this.update(job.id))
      .catch((error: unknown) => this.runtime.logger.warn({ err: error, jobId: job.id }, 'could not update the job card'))
      .finally(() => {
        if (this.queues.get(job.id) === next) this.queues.delete(job.id);
      });
    this.queues.set(job.id, next);
  }

  private async update(jobId: string): Promise<void> {
    // Read the job again: the card shows the latest state, whichever event asked for it.
    const stored = await this.runtime.deps.store.getJob(jobId);
    if (!stored) return;
    const job = stored.job;
    const reference = job.conversationReference;
    const activityId = cardActivityIdOf(job);
    if (!reference || !activityId) return;
    const conversation = reference.conversation;
    const isGroup = conversation !== null && typeof conversation === 'object' && !Array.isArray(conversation) && conversation.isGroup === true;
    // Everyone sees the read-only view in a group; the card's refresh gives the initiator the Cancel button.
    const audience = { isGroup, initiator: { mri: initiatorMri(job), name: job.initiator.name }, viewer: isGroup ? ('observer' as const) : ('initiator' as const) };
    const card = await jobStatusCard(this.runtime.deps.store, job, audience, { resultsUrl: this.resultsUrl });
    await withRetry(
      () =>
        this.runtime.proactive(reference, async (chat) => {
          await chat.update(activityId, card);
          await this.offerResults(chat, job);
        }),
      { ...CARD_UPDATE_RETRY, shouldRetry: isThrottled, clock: this.options.clock, random: this.options.random },
    );
  }

  /** In Teams the finished job's results file goes to the initiator's personal chat as a file to accept. */
  private async offerResults(chat: Chat, job: Job): Promise<void> {
    if (this.runtime.files.mode !== 'consent' || !isTerminal(job.state) || job.counters.total === 0 || this.offered.has(job.id)) return;
    this.offered.add(job.id);
    const marks = this.runtime.deps.onceMarks;
    if (marks && !(await marks.claim('results-offered', job.id))) return;
    const delivered = await this.runtime.files.deliver(
      chat,
      { id: job.id, kind: 'results' },
      { aadObjectId: job.initiator.objectId, mri: initiatorMri(job), tenantId: job.tenantId },
      `${jobLabel(job)}-results.csv`,
    );
    if (!delivered.ok) this.runtime.logger.warn({ jobId: job.id, reason: delivered.message }, 'could not offer the results file');
  }
}

