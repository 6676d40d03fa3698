import type { Job, JobState } from './job-model';

export type JobEvent =
  | { type: 'state'; job: Job; from: JobState }
  | { type: 'progress'; job: Job };

export type JobEventListener = (event: JobEvent) => void;

/**
 * Every state change is delivered; progress at most once per interval per job, so a bot updating a card
 * in place stays well inside Teams' message-update limits.
 */
export class JobEventEmitter {
  private readonly listeners = new Set<JobEventListener>();
  private readonly lastProgressAt = new Map<string, number>();

  constructor(
    private readonly progressIntervalMs: number,
    private readonly clock: () => Date,
  ) {}

  onProgress(listener: JobEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stateChanged(job: Job, from: JobState): void {
    if (job.state === from) return;
    this.lastProgressAt.set(job.id, this.clock().getTime());
    this.deliver({ type: 'state', job, from });
  }

  progress(job: Job): void {
    const now = this.clock().getTime();
    const last = this.lastProgressAt.get(job.id);
    if (last !== undefined && now - last < this.progressIntervalMs) return;
    this.lastProgressAt.set(job.id, now);
    this.deliver({ type: 'progress', job });
  }

  forget(jobId: string): void {
    this.lastProgressAt.delete(jobId);
  }

  private deliver(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener (a card that couldn't be updated) must not stop the job.
      }
    }
  }
}
