import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBulkRunner } from '../../../src/engine/create-bulk-runner';
import { createJobFromPlan } from '../../../src/engine/create-job-from-plan';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { approveJob } from '../../../src/jobs/job-control';
import type { Job, JobRow } from '../../../src/jobs/job-model';
import { iterateRows } from '../../../src/jobs/job-store';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { openResultsCsv } from '../../../src/jobs/results-csv';
import type { OperationPlan, OperationOptions } from '../../../src/operations/bulk-operation';
import { loadCallerProfile } from '../../../src/operations/caller-profile';
import { createUsersOperation } from '../../../src/operations/create-users/create-users-operation';
import { deleteUsersOperation } from '../../../src/operations/delete-users/delete-users-operation';
import { addGroupMembersOperation, removeGroupMembersOperation } from '../../../src/operations/group-membership';
import { planPurge } from '../../../src/operations/purge/purge-operation';
import { planRestore } from '../../../src/operations/restore/restore-operation';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';

let sandbox: RunningSandbox;
const userAdmin = CONTOSO_PEOPLE.alexWilber;
const groupsAdmin = CONTOSO_PEOPLE.nestorWilke;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

async function contextFor(admin: { id: string }, options: OperationOptions = {}) {
  const graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: admin.id }) });
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw caller.error;
  return { graph, caller: caller.value, now: () => Date.now(), options };
}

/** A confirmed job for the plan, as the bot and the CLI create one. */
async function approved(store: MemoryJobStore, plan: OperationPlan, admin: { id: string; displayName: string }, options: OperationOptions = {}): Promise<Job> {
  const person = { objectId: admin.id, name: admin.displayName };
  const job = await createJobFromPlan(store, {
    plan,
    tenantId: sandbox.tenantId,
    initiator: person,
    source: { type: 'command', text: 'test' },
    ...(options.group ? { options: { group: options.group } } : {}),
  });
  const result = await approveJob(store, job.id, person, new Date());
  if (!result.ok) throw new Error(result.error.message);
  return result.value.job;
}

async function run(store: MemoryJobStore, job: Job, admin: { id: string }): Promise<{ job: Job; rows: JobRow[] }> {
  const runner = createBulkRunner({
    store,
    graphBaseUrl: sandbox.graphBaseUrl,
    tokenProviderFor: () => new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user: admin.id }),
  });
  await runner.runJob(job.id);
  const finished = (await store.getJob(job.id))?.job;
  if (!finished) throw new Error('job vanished');
  const rows: JobRow[] = [];
  for await (const row of iterateRows(store, job.id)) rows.push(row);
  return { job: finished, rows };
}

/** Two jobs for the same rows, both planned before either runs (two cards confirmed), then run one after the other. */
async function twoConfirmedJobs(
  plan: () => Promise<OperationPlan>,
  admin: { id: string; displayName: string },
  options: OperationOptions = {},
): Promise<{ secondPlan: OperationPlan; one: { job: Job; rows: JobRow[] }; two: { job: Job; rows: JobRow[] }; store: MemoryJobStore }> {
  const firstPlan = await plan();
  const secondPlan = await plan();
  const store = new MemoryJobStore();
  const first = await approved(store, firstPlan, admin, options);
  const second = await approved(store, secondPlan, admin, options);
  const one = await run(store, first, admin);
  const two = await run(store, second, admin);
  return { secondPlan, one, two, store };
}

async function resultsCsv(store: MemoryJobStore, jobId: string): Promise<string[][]> {
  let text = '';
  for await (const chunk of (await openResultsCsv(store, jobId)) ?? []) text += String(chunk);
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r\n/)
    .map((line) => line.split(','));
}

async function writesTo(pathPart: string): Promise<number[]> {
  const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string; status: number }[] };
  return entries.filter((e) => e.method !== 'GET' && e.path.includes(pathPart)).map((e) => e.status);
}

describe('a row whose goal is already reached when it runs is already done, not failed', () => {
  it('two confirmed restores of Adele Vance: the second reports her as already done, and the job as completed', async () => {
    const adele = CONTOSO_PEOPLE.adeleVanceDeleted.id;
    const ctx = await contextFor(userAdmin);
    const target = { by: 'displayName' as const, displayName: 'Adele Vance' };
    // Both cards are shown (planned) before either is confirmed, so both plans say "will be restored".
    const { secondPlan, one, two, store } = await twoConfirmedJobs(() => planRestore([{ rowIndex: 0, input: { displayName: 'Adele Vance' }, row: { target } }], ctx), userAdmin);
    expect(secondPlan.rows[0]?.outcome).toBe('ready');

    expect(one.job.state).toBe('completed');
    expect(one.rows[0]?.result).toMatchObject({ status: 'succeeded', objectId: adele });
    expect(one.rows[0]?.result?.alreadyDone).toBeUndefined();

    expect(two.job.state).toBe('completed');
    expect(two.job.counters).toMatchObject({ total: 1, succeeded: 1, failed: 0, alreadyDone: 1, remaining: 0 });
    expect(two.rows[0]?.state).toBe('succeeded');
    expect(two.rows[0]?.result).toMatchObject({ status: 'succeeded', alreadyDone: true, objectId: adele });
    expect(two.rows[0]?.result?.reason).toContain('already active');
    expect(two.rows[0]?.result?.reason).not.toContain('not in the recycle bin');

    const csv = await resultsCsv(store, two.job.id);
    const status = csv[0]?.indexOf('Status') ?? -1;
    expect(csv[1]?.[status]).toBe('already done');
    // Graph restored her once; the second job's restore was refused (404) and nothing else was written.
    expect(await writesTo(`/deletedItems/${adele}/restore`)).toEqual([200, 404]);
  });

  it('two confirmed jobs adding the same member: the second reports the member as already in the group', async () => {
    const options = { group: 'Finance Security' };
    const ctx = await contextFor(groupsAdmin, options);
    const rows = [{ rowIndex: 0, input: { memberObjectIdOrUpn: CONTOSO_PEOPLE.joniSherman.userPrincipalName }, row: { member: { by: 'userPrincipalName' as const, userPrincipalName: CONTOSO_PEOPLE.joniSherman.userPrincipalName } } }];
    const { secondPlan, one, two } = await twoConfirmedJobs(() => addGroupMembersOperation.plan(rows, ctx), groupsAdmin, options);
    expect(secondPlan.rows[0]?.outcome).toBe('ready');
    expect(one.rows[0]?.result?.alreadyDone).toBeUndefined();
    expect(two.job.state).toBe('completed');
    expect(two.job.counters).toMatchObject({ succeeded: 1, failed: 0, alreadyDone: 1 });
    expect(two.rows[0]?.result).toMatchObject({ status: 'succeeded', alreadyDone: true, objectId: CONTOSO_PEOPLE.joniSherman.id });
    expect(two.rows[0]?.result?.reason).toContain('already a member of Finance Security');
    const members = await writesTo(`/groups/${CONTOSO_OBJECTS.groups.financeSecurity}/members/$ref`);
    expect(members).toEqual([204, 400]);
  });

  it('two confirmed jobs removing the same member: the second reports the member as already not in the group', async () => {
    const options = { group: CONTOSO_OBJECTS.groups.financeSecurity };
    const ctx = await contextFor(groupsAdmin, options);
    const rows = [{ rowIndex: 0, input: { memberObjectIdOrUpn: CONTOSO_PEOPLE.enricoCattaneo.id }, row: { member: { by: 'id' as const, id: CONTOSO_PEOPLE.enricoCattaneo.id } } }];
    const { one, two } = await twoConfirmedJobs(() => removeGroupMembersOperation.plan(rows, ctx), groupsAdmin, options);
    expect(one.rows[0]?.result?.alreadyDone).toBeUndefined();
    expect(two.job.state).toBe('completed');
    expect(two.rows[0]?.result).toMatchObject({ status: 'succeeded', alreadyDone: true });
    expect(two.rows[0]?.result?.reason).toContain('already not a member');
  });

  it('create, delete and purge: applied then answered 503 is succeeded; a second job of the same row is already done', async () => {
    const faults = (method: string, body?: unknown) =>
      fetch(`${sandbox.url}/_sandbox/faults`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const store = new MemoryJobStore();
    const twice = async (plan: () => Promise<OperationPlan>, paths: string) => {
      const [firstPlan, secondPlan] = [await plan(), await plan()];
      const first = await approved(store, firstPlan, userAdmin);
      const second = await approved(store, secondPlan, userAdmin);
      await faults('POST', { applyThenFailCount: 1, retryAfterSeconds: 0, paths });
      let one: Awaited<ReturnType<typeof run>>;
      try {
        one = await run(store, first, userAdmin);
        expect(((await (await faults('GET')).json()) as { injected: { appliedThenFailed: number } }).injected.appliedThenFailed).toBe(1);
      } finally {
        await faults('DELETE');
      }
      return { one, two: await run(store, second, userAdmin) };
    };

    const ctx = await contextFor(userAdmin);
    const upn = 'pat.new@contoso.onmicrosoft.com';
    const newUser = { displayName: 'Pat New', userPrincipalName: upn, mailNickname: 'pat.new', password: 'Xy7!pQ2#vL9m', accountEnabled: true };
    const created = await twice(() => createUsersOperation.plan([{ rowIndex: 0, input: { userPrincipalName: upn }, row: newUser }], ctx), '^/users$');
    expect(created.one.rows[0]?.result).toMatchObject({ status: 'succeeded' });
    expect(created.one.rows[0]?.result?.alreadyDone).toBeUndefined();
    expect(created.two.rows[0]?.result).toMatchObject({ status: 'succeeded', alreadyDone: true, objectId: created.one.rows[0]?.result?.objectId });
    expect(await writesTo('/users')).toEqual(expect.arrayContaining([201, 400]));

    const lynne = CONTOSO_PEOPLE.lynneRobbins;
    const deleteRow = { rowIndex: 0, input: { userPrincipalName: lynne.userPrincipalName }, row: { target: { by: 'id' as const, id: lynne.id } } };
    const deleted = await twice(() => deleteUsersOperation.plan([deleteRow], ctx), `^/users/${lynne.id}$`);
    expect(deleted.one.rows[0]?.result).toMatchObject({ status: 'succeeded', reason: 'already deleted (the earlier attempt went through)' });
    expect(deleted.two.job.state).toBe('completed');
    expect(deleted.two.rows[0]?.result).toMatchObject({ status: 'succeeded', alreadyDone: true });
    expect(await writesTo(`/users/${lynne.id}`)).toEqual([204, 404, 404]);

    const purgeRow = { rowIndex: 0, input: { objectId: lynne.id }, row: { target: { by: 'id' as const, id: lynne.id } } };
    const purged = await twice(() => planPurge([purgeRow], ctx), `^/directory/deletedItems/${lynne.id}$`);
    expect(purged.one.rows[0]?.result).toMatchObject({ status: 'succeeded', reason: 'already purged (the earlier attempt went through)' });
    expect(purged.two.rows[0]?.result).toMatchObject({ status: 'succeeded', alreadyDone: true });
    expect(await writesTo(`/directory/deletedItems/${lynne.id}`)).toEqual([204, 404, 404]);
  });

  it('a refusal that does not mean "already done" still fails the row', async () => {
    // Megan Bowen's restore is planned, then someone purges her before the job runs: gone for good, not restored.
    const megan = CONTOSO_PEOPLE.meganBowenDeleted.id;
    const ctx = await contextFor(userAdmin);
    const plan = await planRestore([{ rowIndex: 0, input: { objectId: megan }, row: { target: { by: 'id', id: megan } } }], ctx);
    const store = new MemoryJobStore();
    const job = await approved(store, plan, userAdmin);
    const admin = await contextFor(CONTOSO_PEOPLE.modAdministrator);
    const purged = await admin.graph.request({ method: 'DELETE', url: `/directory/deletedItems/${megan}` });
    expect(purged.ok).toBe(true);

    const done = await run(store, job, userAdmin);
    expect(done.job.state).toBe('completed-with-failures');
    expect(done.job.counters.alreadyDone).toBeUndefined();
    expect(done.rows[0]?.result).toMatchObject({ status: 'failed' });
    expect(done.rows[0]?.result?.alreadyDone).toBeUndefined();
    expect(done.rows[0]?.result?.reason).toContain('not in the recycle bin');
  });
});
