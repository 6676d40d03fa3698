import type { GraphClient } from '../graph/graph-client';
import type { TokenProvider } from '../graph/token-provider';
import { createBulkRunner } from '../engine/create-bulk-runner';
import type { Job } from '../jobs/job-model';
import { cancelJob, resumeJob } from '../jobs/job-control';
import type { JobStore } from '../jobs/job-store';
import { CliError, EXIT } from './exit-codes';
import type { Io } from './io';
import { ProgressLine } from './progress-line';

export interface JobCommandDeps {
  store: JobStore;
  durable: boolean;
}

function requireDurable(deps: JobCommandDeps, command: string): void {
  if (!deps.durable) {
    throw new CliError(`${command} needs the job store: set AZURE_STORAGE_CONNECTION_STRING to the storage account the bot uses (or a local Azurite).`);
  }
}

export function describeJob(job: Job): string {
  const c = job.counters;
  const done = c.succeeded + c.failed + c.skipped + c.cancelled;
  return `${job.id}  ${job.kind.padEnd(20)} ${job.state.padEnd(24)} ${done}/${c.total} done (${c.succeeded} ok${c.alreadyDone ? ` of which ${c.alreadyDone} already done` : ''}, ${c.failed} failed, ${c.skipped} skipped)  by ${job.initiator.name}${job.secondApprover ? `, approved by ${job.secondApprover.name}` : ''}  ${job.createdAt}${job.stateReason ? `\n    ${job.stateReason}` : ''}`;
}

export async function jobsCommand(deps: JobCommandDeps, io: Io): Promise<number> {
  requireDurable(deps, 'jobs');
  const jobs = await deps.store.listJobs({ limit: 50 });
  io.out.write(jobs.length === 0 ? 'No jobs.\n' : `${jobs.map(describeJob).join('\n')}\n`);
  return EXIT.ok;
}

export async function statusCommand(deps: JobCommandDeps, id: string, io: Io): Promise<number> {
  requireDurable(deps, 'status');
  const stored = await deps.store.getJob(id);
  if (!stored) throw new CliError(`No job ${id}. Run entra-bulk jobs to see the job ids.`);
  io.out.write(`${describeJob(stored.job)}\n`);
  return EXIT.ok;
}

export async function cancelCommand(deps: JobCommandDeps, id: string, io: Io): Promise<number> {
  requireDurable(deps, 'cancel');
  const result = await cancelJob(deps.store, id, new Date());
  if (!result.ok) throw new CliError(`Job ${id} can't be cancelled: ${'message' in result.error ? result.error.message : 'unknown reason'}`);
  io.err.write(
    result.value.job.state === 'cancelled' ? `Cancelled ${id}.\n` : `Cancel requested: ${id} stops at its next batch; finished rows stay done.\n`,
  );
  return EXIT.ok;
}

/** Runs queued and paused jobs in this process until none is left, acting as the person signed in here. */
export async function resumeCommand(deps: JobCommandDeps, graph: GraphClient, tokens: TokenProvider, id: string | undefined, io: Io): Promise<number> {
  requireDurable(deps, 'resume');
  const runner = createBulkRunner({ store: deps.store, graphBaseUrl: graph.baseUrl, tokenProviderFor: () => tokens });
  const ids = id ? [id] : (await deps.store.listJobs({ states: ['queued', 'paused', 'running'], limit: 100 })).map((j) => j.id);
  if (ids.length === 0) {
    io.err.write('Nothing to resume.\n');
    return EXIT.ok;
  }
  let worst: number = EXIT.ok;
  for (const jobId of ids) {
    const stored = await deps.store.getJob(jobId);
    if (!stored) throw new CliError(`No job ${jobId}.`);
    if (stored.job.state === 'paused') await resumeJob(deps.store, jobId, new Date());
    const progress = new ProgressLine(io.err, stored.job.counters.total, 'done');
    const unsubscribe = runner.onProgress((event) => {
      if (event.job.id === jobId) progress.update(event.job.counters.total - event.job.counters.remaining, event.job.counters.failed);
    });
    const result = await runner.runJob(jobId);
    unsubscribe();
    progress.finish();
    const job = (await deps.store.getJob(jobId))?.job;
    io.err.write(`${job ? describeJob(job) : `${jobId}: ${result.kind}`}\n`);
    if (job?.state === 'completed-with-failures' || job?.state === 'failed') worst = EXIT.someFailed;
    if (job?.state === 'paused') worst = Math.max(worst, EXIT.auth);
  }
  return worst;
}
