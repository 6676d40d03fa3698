import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { GraphError } from '../graph/graph-error';
import type { JobRow } from '../jobs/job-model';
import { iterateRows } from '../jobs/job-store';
import { isTerminal } from '../jobs/job-state-machine';
import type { JsonObject } from '../jobs/job-model';
import type { OperationOptions } from '../operations/bulk-operation';
import { loadCallerProfile } from '../operations/caller-profile';
import { planUndo, undoSourceFromJob, undoSourceFromResultsCsv } from '../operations/undo';
import type { UndoSourceOutcome } from '../operations/undo';
import { runPlanned } from './bulk-commands';
import type { Connection } from './connection';
import { CliError, EXIT } from './exit-codes';
import type { Io } from './io';
import type { JobCommandDeps } from './job-commands';

export interface UndoFlags {
  yes: boolean;
  includeChanged: boolean;
  resultsPath?: string;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}

/** The changed rows of a stored job; only its initiator may undo it, once it has finished. */
async function fromJobStore(deps: JobCommandDeps, jobId: string, callerId: string): Promise<UndoSourceOutcome> {
  if (!deps.durable) {
    throw new CliError(`${jobId} is not a file, and undo of a job id needs the job store: set AZURE_STORAGE_CONNECTION_STRING, or pass the job's results CSV instead.`);
  }
  const stored = await deps.store.getJob(jobId);
  if (!stored) throw new CliError(`No job ${jobId}. Run entra-bulk jobs to see the job ids, or pass the job's results CSV.`);
  const job = stored.job;
  if (job.initiator.objectId.toLowerCase() !== callerId.toLowerCase()) {
    throw new CliError(`Job ${jobId} was started by ${job.initiator.name}: only they can undo it. Nothing was changed.`, EXIT.auth);
  }
  if (!isTerminal(job.state) || job.state === 'expired') {
    throw new CliError(`Job ${jobId} is ${job.state}: only a job that has run can be undone. Nothing was changed.`);
  }
  const rows: JobRow[] = [];
  for await (const row of iterateRows(deps.store, jobId)) rows.push(row);
  return undoSourceFromJob(job, rows);
}

/**
 * `entra-bulk undo <job id | results.csv>`: the inverse of a finished job over the rows it changed, with the usual dry
 * run, prompt, run and results file. From a results CSV it needs no job store: it acts as the signed-in admin.
 */
export async function undoCommand(target: string, connection: Connection, flags: UndoFlags, deps: JobCommandDeps, io: Io): Promise<number> {
  const caller = await loadCallerProfile(connection.graph);
  if (!caller.ok) throw new CliError(caller.error.reason, caller.error.status === 401 || caller.error.status === 403 ? EXIT.auth : EXIT.invalid);
  const file = await isFile(target);
  const bytes = file ? await readFile(target) : undefined;
  const source = bytes ? undoSourceFromResultsCsv(bytes) : await fromJobStore(deps, target, caller.value.id);
  if (!source.ok) throw new CliError(`${source.message} Nothing was changed.`);

  let undo;
  try {
    undo = await planUndo(source.source, { graph: connection.graph, caller: caller.value, now: Date.now }, { includeChanged: flags.includeChanged });
  } catch (error) {
    if (error instanceof GraphError) throw new CliError(error.reason, error.status === 401 || error.status === 403 ? EXIT.auth : EXIT.invalid);
    if (error instanceof Error && error.name === 'GroupPlanError') throw new CliError(error.message);
    throw error;
  }
  io.err.write(`Undo of ${bytes ? basename(target) : `job ${target}`} (${source.source.kind}): ${source.source.rows.length} changed rows.\n`);
  if (undo.changedRows > 0) {
    io.err.write(`${undo.changedRows} ${undo.changedRows === 1 ? 'row has' : 'rows have'} changed since the job and ${undo.changedRows === 1 ? 'is' : 'are'} skipped; add --include-changed to undo ${undo.changedRows === 1 ? 'it' : 'them'} too.\n`);
  }
  const options: OperationOptions & JsonObject = { ...(undo.options.group ? { group: undo.options.group } : {}) };
  return runPlanned(undo.plan, caller.value, connection, deps, io, {
    yes: flags.yes,
    source: bytes
      ? { type: 'file', fileName: basename(target), sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
      : { type: 'command', text: `undo ${target}` },
    resultsPath: flags.resultsPath ?? (bytes ? target.replace(/(\.csv)?$/i, '.undo.csv') : `undo-${target}.results.csv`),
    options,
    ...(undo.undoOf ? { undoOf: undo.undoOf } : {}),
  });
}
