import { expect } from 'vitest';
import { createBulkRunner } from '../../../../src/engine/create-bulk-runner';
import type { BulkRunnerInput } from '../../../../src/engine/create-bulk-runner';
import { createJobFromPlan } from '../../../../src/engine/create-job-from-plan';
import { GraphClient } from '../../../../src/graph/graph-client';
import type { RetryOptions } from '../../../../src/graph/retry-policy';
import { SandboxTokenProvider } from '../../../../src/graph/sandbox-token-provider';
import type { TokenProvider, TokenResult } from '../../../../src/graph/token-provider';
import { approveJob } from '../../../../src/jobs/job-control';
import type { Job, JobRow } from '../../../../src/jobs/job-model';
import type { JobEvent } from '../../../../src/jobs/job-events';
import type { JobRunner } from '../../../../src/jobs/job-runner';
import { iterateRows } from '../../../../src/jobs/job-store';
import type { JobStore } from '../../../../src/jobs/job-store';
import { isTerminal } from '../../../../src/jobs/job-state-machine';
import type { OperationPlan } from '../../../../src/operations/bulk-operation';
import { loadCallerProfile } from '../../../../src/operations/caller-profile';
import { listDeletedObjects } from '../../../../src/operations/deleted-objects';
import { planRestore } from '../../../../src/operations/restore/restore-operation';
import { CONTOSO_PEOPLE } from '../../../../src/sandbox';
import type { RunningSandbox } from '../../../../src/sandbox';

export const ADMIN = CONTOSO_PEOPLE.modAdministrator;

export interface FaultSettings {
  errorRate?: number;
  errorStatus?: number;
  retryAfterSeconds?: number;
  sendRetryAfter?: boolean;
  resetRate?: number;
  resetAfterRate?: number;
  applyThenFailRate?: number;
  applyThenFailStatus?: 429 | 503;
  applyThenFailCount?: number;
  extraLatencyMs?: number;
  paths?: string;
}

export interface InjectedFaults {
  errors: number;
  resets: number;
  resetsAfterApply: number;
  appliedThenFailed: number;
}

async function control(sandbox: RunningSandbox, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} failed with HTTP ${response.status}: ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

export async function setFaults(sandbox: RunningSandbox, settings: FaultSettings): Promise<void> {
  await control(sandbox, 'POST', '/_sandbox/faults', settings);
}

export async function injectedFaults(sandbox: RunningSandbox): Promise<InjectedFaults> {
  return ((await control(sandbox, 'GET', '/_sandbox/faults')) as { injected: InjectedFaults }).injected;
}

export async function clearFaults(sandbox: RunningSandbox): Promise<void> {
  await control(sandbox, 'DELETE', '/_sandbox/faults');
}

export interface AuditEntry {
  method: string;
  path: string;
  status: number;
  batchId?: string;
}

export async function auditEntries(sandbox: RunningSandbox): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let since = 0; ; ) {
    const page = (await control(sandbox, 'GET', `/_sandbox/audit?since=${since}`)) as { entries: AuditEntry[]; next: number };
    entries.push(...page.entries);
    if (page.entries.length === 0) return entries;
    since = page.next;
  }
}

const RESTORE_PATH = /^\/directory\/deletedItems\/([^/]+)\/restore$/;

/** Every restore the sandbox received, by object id: how many were applied (2xx) and how many were refused. */
export async function restoreAudit(sandbox: RunningSandbox): Promise<{ applied: Map<string, number>; statuses: number[]; ids: string[] }> {
  const applied = new Map<string, number>();
  const statuses: number[] = [];
  const ids: string[] = [];
  for (const entry of await auditEntries(sandbox)) {
    const id = RESTORE_PATH.exec(entry.path)?.[1];
    if (entry.method !== 'POST' || !id) continue;
    statuses.push(entry.status);
    ids.push(id);
    if (entry.status >= 200 && entry.status < 300) applied.set(id, (applied.get(id) ?? 0) + 1);
  }
  return { applied, statuses, ids };
}

export function sandboxTokens(sandbox: RunningSandbox, user: string = ADMIN.id): TokenProvider {
  return new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user });
}

/** Counts every HTTP status a Graph client received, to show that a fault reached top-level requests too. */
export function countingFetch(statuses: number[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
}

/** Deleted users of the generated tenant that a Global Administrator can restore without a conflict. */
export async function restorePlanFor(
  sandbox: RunningSandbox,
  count: number,
  options: { retry?: Partial<RetryOptions>; fetch?: typeof fetch } = {},
): Promise<OperationPlan> {
  const graph = new GraphClient({
    baseUrl: sandbox.graphBaseUrl,
    tokenProvider: sandboxTokens(sandbox),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw caller.error;
  const ids: string[] = [];
  for await (const item of listDeletedObjects(graph, 'user', { now: Date.now() })) ids.push(item.id);
  const plan = await planRestore(
    ids.map((id, rowIndex) => ({ rowIndex, input: { objectId: id }, row: { target: { by: 'id' as const, id }, objectId: id } })),
    { graph, caller: caller.value, now: Date.now },
  );
  const ready = plan.rows.filter((row) => row.outcome === 'ready').slice(0, count);
  if (ready.length < count) throw new Error(`Only ${ready.length} restorable deleted users in the sandbox; the test needs ${count}.`);
  return { ...plan, rows: ready.map((row, rowIndex) => ({ ...row, rowIndex })) };
}

export async function approvedJob(store: JobStore, sandbox: RunningSandbox, plan: OperationPlan, text: string): Promise<Job> {
  const person = { objectId: ADMIN.id, name: ADMIN.displayName };
  const job = await createJobFromPlan(store, { plan, tenantId: sandbox.tenantId, initiator: person, source: { type: 'command', text } });
  const approved = await approveJob(store, job.id, person, new Date());
  if (!approved.ok) throw new Error(`approval failed: ${JSON.stringify(approved.error)}`);
  return approved.value.job;
}

export async function rowsOf(store: JobStore, jobId: string): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  for await (const row of iterateRows(store, jobId)) rows.push(row);
  return rows;
}

export async function waitFor(condition: () => Promise<boolean> | boolean, what: string, limitMs = 120_000): Promise<void> {
  for (const started = Date.now(); !(await condition()); ) {
    if (Date.now() - started > limitMs) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function waitForFinish(store: JobStore, jobId: string, limitMs = 120_000): Promise<Job> {
  let job: Job | undefined;
  await waitFor(
    async () => {
      job = (await store.getJob(jobId))?.job;
      return job !== undefined && isTerminal(job.state);
    },
    `job ${jobId} to finish`,
    limitMs,
  );
  if (!job) throw new Error('unreachable');
  return job;
}

/** The state changes the runner announced, i.e. what the admin's card was told. */
export function recordStates(runner: JobRunner): { events: { state: string; reason: string | null }[]; stop: () => void } {
  const events: { state: string; reason: string | null }[] = [];
  const stop = runner.onProgress((event: JobEvent) => {
    if (event.type === 'state') events.push({ state: event.job.state, reason: event.job.stateReason });
  });
  return { events, stop };
}

/**
 * Every row has exactly one final result, no object of the job was restored twice, and the rows that say succeeded
 * are exactly the objects the sandbox restored (the sandbox may be shared by several tests, so only this job's
 * objects are looked at).
 */
export async function expectExactlyOnce(store: JobStore, sandbox: RunningSandbox, plan: OperationPlan, jobId: string): Promise<JobRow[]> {
  const rows = await rowsOf(store, jobId);
  expect(rows.map((row) => row.index)).toEqual(plan.rows.map((row) => row.rowIndex));
  for (const row of rows) {
    expect(row.result, `row ${row.index}`).not.toBeNull();
    expect(['succeeded', 'failed', 'skipped', 'cancelled']).toContain(row.state);
    expect(row.result?.status).toBe(row.state);
  }
  const { applied } = await restoreAudit(sandbox);
  const planned = plan.rows.map((row) => row.work?.id ?? '');
  for (const id of planned) expect(applied.get(id) ?? 0, `restores applied to ${id}`).toBeLessThanOrEqual(1);
  const succeeded = rows.filter((row) => row.state === 'succeeded').map((row) => row.result?.objectId ?? '');
  expect([...succeeded].sort()).toEqual(planned.filter((id) => applied.get(id) === 1).sort());
  return rows;
}

/** A token source whose tokens live `lifetimeSeconds` (cached to the end, no margin), and which can refuse new ones. */
export class ShortLivedTokens implements TokenProvider {
  issued = 0;
  invalidated = 0;
  refusing = false;
  onInvalidate: (() => void) | undefined;
  private cached: { token: string; expiresOn: number } | undefined;

  constructor(
    private readonly sandbox: RunningSandbox,
    private readonly lifetimeSeconds: number,
    private readonly user: string = ADMIN.id,
  ) {}

  async getToken(): Promise<TokenResult> {
    if (this.refusing) return { ok: false, reason: 'sign-in-required', message: 'The admin signed out; a new token needs an interactive sign-in.' };
    if (this.cached && Date.now() < this.cached.expiresOn) return { ok: true, ...this.cached };
    const token = await this.sandbox.issueToken(this.user, { lifetimeSeconds: this.lifetimeSeconds });
    this.issued += 1;
    this.cached = { token, expiresOn: Date.now() + this.lifetimeSeconds * 1000 };
    return { ok: true, ...this.cached };
  }

  invalidate(): void {
    this.invalidated += 1;
    this.cached = undefined;
    this.onInvalidate?.();
  }
}

/** The real engine against the sandbox, polling fast; errors the runner reports are collected, never thrown. */
export function faultRunner(
  store: JobStore,
  sandbox: RunningSandbox,
  tokens: TokenProvider,
  options: Partial<Omit<BulkRunnerInput, 'store' | 'graphBaseUrl' | 'tokenProviderFor'>> = {},
): { runner: JobRunner; errors: unknown[] } {
  const errors: unknown[] = [];
  const runner = createBulkRunner({
    store,
    graphBaseUrl: sandbox.graphBaseUrl,
    tokenProviderFor: () => tokens,
    ...options,
    runner: { pollIntervalMs: 25, sweepIntervalMs: 1_000, progressIntervalMs: 100_000, ...options.runner, onError: (error) => errors.push(error) },
  });
  return { runner, errors };
}
