import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline/promises';
import { createBulkRunner } from '../engine/create-bulk-runner';
import { createJobFromPlan } from '../engine/create-job-from-plan';
import { approveJob } from '../jobs/job-control';
import type { JobRow, JobSource, JsonObject } from '../jobs/job-model';
import { iterateRows } from '../jobs/job-store';
import { resultsCsvLines } from '../jobs/results-csv';
import type { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import type { OperationOptions, OperationPlan, PlanContext } from '../operations/bulk-operation';
import type { BulkKind } from '../operations/catalogue';
import { loadCallerProfile } from '../operations/caller-profile';
import type { CallerProfile } from '../operations/caller-profile';
import { csvKindFor, isBulkKind, operationFor, planValidatedRows } from '../operations/catalogue';
import type { Connection } from './connection';
import type { JobCommandDeps } from './job-commands';
import { CliError, EXIT } from './exit-codes';
import type { Io } from './io';
import { ProgressLine } from './progress-line';
import { readAndValidate } from './read-csv-file';

export async function validateCommand(kind: BulkKind, file: string, io: Io): Promise<number> {
  const checked = await readAndValidate(csvKindFor(kind), file);
  io.out.write(`${checked.report}\n`);
  return checked.invalidRows > 0 || checked.validation.problem || checked.validation.valid.length === 0 ? EXIT.invalid : EXIT.ok;
}

async function planFile(kind: BulkKind, file: string, graph: GraphClient, options: OperationOptions, io: Io): Promise<{ plan: OperationPlan; caller: CallerProfile }> {
  const checked = await readAndValidate(csvKindFor(kind), file);
  if (checked.invalidRows > 0 || checked.validation.valid.length === 0) {
    io.err.write(`${checked.report}\n`);
    throw new CliError('Fix the rows above and try again; nothing was changed.');
  }
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw new CliError(caller.error.reason, caller.error.status === 401 || caller.error.status === 403 ? EXIT.auth : EXIT.invalid);
  const ctx: PlanContext = { graph, caller: caller.value, now: Date.now, options };
  try {
    return { plan: await planValidatedRows(kind, checked.validation, ctx), caller: caller.value };
  } catch (error) {
    if (error instanceof GraphError) throw new CliError(error.reason, error.status === 401 || error.status === 403 ? EXIT.auth : EXIT.invalid);
    if (error instanceof Error && error.name === 'GroupPlanError') throw new CliError(error.message);
    throw error;
  }
}

export function describePlan(plan: OperationPlan): string {
  const lines: string[] = [];
  const groups = new Map<string, number>();
  // A row still needing a new user name or proxy reconciliation is not sent: Graph would refuse it.
  const tagOf = (row: OperationPlan['rows'][number]): string => (row.outcome === 'ready' ? '' : row.needs ? '[fail] ' : `[${row.outcome}] `);
  for (const row of plan.rows) groups.set(`${tagOf(row)}\u0000${row.note}`, (groups.get(`${tagOf(row)}\u0000${row.note}`) ?? 0) + 1);
  lines.push(`${plan.rows.length} row${plan.rows.length === 1 ? '' : 's'}:`);
  for (const [key, count] of groups) {
    const [tag, note] = key.split('\u0000');
    lines.push(`  ${String(count).padStart(6)}  ${tag ?? ''}${note ?? ''}`);
  }
  for (const row of plan.rows.filter((r) => r.outcome !== 'ready').slice(0, 50)) {
    lines.push(`  ${row.line !== undefined ? `line ${row.line}: ` : ''}${row.label} ${row.note}`);
  }
  for (const notice of plan.notices) lines.push(`Note: ${notice}`);
  lines.push(plan.roleCheck.ok && plan.roleCheck.reason === 'held' ? `Role check: OK (${plan.roleCheck.heldRole}).` : `Role check: ${plan.roleCheck.message}`);
  return lines.join('\n');
}

export async function planCommand(kind: BulkKind, file: string, graph: GraphClient, options: OperationOptions, io: Io): Promise<number> {
  const { plan } = await planFile(kind, file, graph, options, io);
  io.out.write(`${describePlan(plan)}\n`);
  return plan.roleCheck.ok ? EXIT.ok : EXIT.auth;
}

async function confirm(plan: OperationPlan, io: Io): Promise<boolean> {
  const runnable = plan.rows.filter((r) => (r.outcome === 'ready' || r.outcome === 'attention') && r.work !== undefined && r.needs === undefined).length;
  const destructive = isBulkKind(plan.kind) && operationFor(plan.kind).destructive;
  const rl = createInterface({ input: process.stdin, output: io.err });
  try {
    // Only a purge is for good; other destructive kinds have an undo, which is still a second job, not a rollback.
    const warning = plan.kind === 'purge' ? `This cannot be undone for ${runnable} rows.` : `This deletes or removes ${runnable} rows.`;
    const answer = await rl.question(destructive ? `${warning} Type ${runnable} to continue: ` : `Run ${runnable} rows? Type yes to continue: `);
    return destructive ? answer.trim() === String(runnable) : /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export async function runCommand(
  kind: BulkKind,
  file: string,
  connection: Connection,
  options: OperationOptions & { resultsPath?: string; yes: boolean },
  deps: JobCommandDeps,
  io: Io,
): Promise<number> {
  const { plan, caller } = await planFile(kind, file, connection.graph, options, io);
  const bytes = await readFile(file);
  return runPlanned(plan, caller, connection, deps, io, {
    yes: options.yes,
    source: { type: 'file', fileName: basename(file), sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    resultsPath: options.resultsPath ?? file.replace(/(\.csv)?$/i, '.results.csv'),
    ...(options.group ? { options: { group: options.group } } : {}),
  });
}

export interface RunPlannedOptions {
  yes: boolean;
  source: JobSource;
  resultsPath: string;
  options?: OperationOptions & JsonObject;
  /** The job an undo reverses. */
  undoOf?: string;
}

/** Shows a dry run, asks (unless --yes), then runs it as a job and writes its results file: `run` and `undo` alike. */
export async function runPlanned(plan: OperationPlan, caller: CallerProfile, connection: Connection, deps: JobCommandDeps, io: Io, run: RunPlannedOptions): Promise<number> {
  const { graph, tokens } = connection;
  io.err.write(`${describePlan(plan)}\n`);
  if (!plan.roleCheck.ok) return EXIT.auth;
  if (!run.yes) {
    if (!io.isInteractive) throw new CliError('Add --yes to run without a prompt (standard input is not a terminal).');
    if (!(await confirm(plan, io))) {
      io.err.write('Cancelled; nothing was changed.\n');
      return EXIT.ok;
    }
  }
  const initiator = { objectId: caller.id, name: caller.displayName };
  const job = await createJobFromPlan(deps.store, {
    plan,
    tenantId: await tenantIdOf(graph),
    initiator,
    source: run.source,
    ...(run.options ? { options: run.options } : {}),
    ...(run.undoOf ? { undoOf: run.undoOf } : {}),
    state: 'draft',
  });
  const approved = await approveJob(deps.store, job.id, initiator, new Date());
  if (!approved.ok) throw new CliError(`Job ${job.id} could not start: ${approved.error.message}`);
  if (deps.durable) io.err.write(`Job ${job.id} (entra-bulk status ${job.id}; if interrupted, entra-bulk resume ${job.id})\n`);

  const runner = createBulkRunner({ store: deps.store, graphBaseUrl: graph.baseUrl, tokenProviderFor: () => tokens });
  const progress = new ProgressLine(io.err, plan.rows.length, 'done');
  const unsubscribe = runner.onProgress((event) => {
    if (event.job.id === job.id) progress.update(event.job.counters.total - event.job.counters.remaining, event.job.counters.failed);
  });
  await runner.runJob(job.id);
  unsubscribe();
  progress.finish();

  const finished = (await deps.store.getJob(job.id))?.job ?? job;
  const resultsPath = run.resultsPath;
  const rows: JobRow[] = [];
  for await (const row of iterateRows(deps.store, job.id)) rows.push(row);
  const out = createWriteStream(resultsPath);
  for await (const line of resultsCsvLines(finished, rows)) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  io.err.write(`${summarize(rows)}\n`);
  if (finished.state === 'paused') io.err.write(`Paused: ${finished.stateReason ?? 'see entra-bulk status'}\n`);
  io.err.write(`Results: ${resultsPath}\n`);
  if (finished.state === 'paused') return EXIT.auth;
  return rows.some((r) => r.result?.status === 'failed') ? EXIT.someFailed : EXIT.ok;
}

export async function tenantIdOf(graph: GraphClient): Promise<string> {
  const org = await graph.request<{ value: { id: string }[] }>({ url: '/organization?$select=id', operation: 'read' });
  if (!org.ok) throw new CliError(org.error.reason, org.error.status === 401 || org.error.status === 403 ? EXIT.auth : EXIT.invalid);
  const id = org.body.value?.[0]?.id;
  if (!id) throw new CliError('Graph did not say which tenant this is (GET /organization returned nothing).');
  return id;
}

function summarize(rows: readonly JobRow[]): string {
  const counts = { succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };
  let alreadyDone = 0;
  const reasons = new Map<string, number>();
  for (const { result } of rows) {
    if (!result) continue;
    if (result.status === 'succeeded' && result.alreadyDone) alreadyDone++;
    else counts[result.status]++;
    if (result.status === 'failed' && result.reason) reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1);
  }
  const done = alreadyDone > 0 ? `, ${alreadyDone} already done (nothing to change)` : '';
  const lines = [`${counts.succeeded} succeeded${done}, ${counts.failed} failed, ${counts.skipped} skipped${counts.cancelled ? `, ${counts.cancelled} cancelled` : ''}.`];
  for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 10)) lines.push(`  ${String(count).padStart(6)} × ${reason}`);
  return lines.join('\n');
}
