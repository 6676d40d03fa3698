import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBulkRunner } from '../../../src/engine/create-bulk-runner';
import { createJobFromPlan } from '../../../src/engine/create-job-from-plan';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { approveJob } from '../../../src/jobs/job-control';
import type { Job, JobRow, JsonObject } from '../../../src/jobs/job-model';
import { iterateRows } from '../../../src/jobs/job-store';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import type { OperationOptions, OperationPlan, PlanContext } from '../../../src/operations/bulk-operation';
import { loadCallerProfile } from '../../../src/operations/caller-profile';
import type { BulkKind } from '../../../src/operations/catalogue';
import { operationFor } from '../../../src/operations/catalogue';
import { planUndo, undoSourceFromJob } from '../../../src/operations/undo';
import type { UndoChoices } from '../../../src/operations/undo';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { runCli } from '../../support/run-cli';
import { PassThrough } from 'node:stream';
import { undoCommand } from '../../../src/cli/undo-command';
import { CliError } from '../../../src/cli/exit-codes';

let sandbox: RunningSandbox;
const store = new MemoryJobStore();
const ADMIN = CONTOSO_PEOPLE.alexWilber;
const GLOBAL_ADMIN = CONTOSO_PEOPLE.modAdministrator;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

function tokens(user = ADMIN.id): SandboxTokenProvider {
  return new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user });
}

async function contextAs(user = ADMIN.id, options: OperationOptions = {}): Promise<PlanContext> {
  const graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: tokens(user) });
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw caller.error;
  return { graph, caller: caller.value, now: Date.now, options };
}

/** A kind's own dry run of typed rows, as a file or a command would give them. */
async function planOf(kind: BulkKind, rows: unknown[], options: OperationOptions = {}): Promise<OperationPlan> {
  const ctx = await contextAs(ADMIN.id, options);
  return operationFor(kind).plan(rows.map((row, rowIndex) => ({ rowIndex, input: { row: String(rowIndex + 1) }, row })), ctx);
}

interface Ran {
  job: Job;
  rows: JobRow[];
}

async function run(plan: OperationPlan, extra: { options?: OperationOptions; undoOf?: string } = {}, user = ADMIN): Promise<Ran> {
  const initiator = { objectId: user.id, name: user.displayName };
  const job = await createJobFromPlan(store, {
    plan,
    tenantId: sandbox.tenantId,
    initiator,
    source: { type: 'command', text: plan.kind },
    ...(extra.options ? { options: extra.options as OperationOptions & JsonObject } : {}),
    ...(extra.undoOf ? { undoOf: extra.undoOf } : {}),
  });
  const approved = await approveJob(store, job.id, initiator, new Date());
  if (!approved.ok) throw new Error(approved.error.message);
  await createBulkRunner({ store, graphBaseUrl: sandbox.graphBaseUrl, tokenProviderFor: () => tokens(user.id) }).runJob(job.id);
  const finished = (await store.getJob(job.id))?.job ?? job;
  const rows: JobRow[] = [];
  for await (const row of iterateRows(store, job.id)) rows.push(row);
  return { job: finished, rows };
}

async function undoPlan(ran: Ran, choices: UndoChoices = {}, user = ADMIN) {
  const source = undoSourceFromJob(ran.job, ran.rows);
  if (!source.ok) throw new Error(source.message);
  return planUndo(source.source, await contextAs(user.id), choices);
}

async function undo(ran: Ran, choices: UndoChoices = {}): Promise<Ran> {
  const planned = await undoPlan(ran, choices);
  return run(planned.plan, { options: planned.options, ...(planned.undoOf ? { undoOf: planned.undoOf } : {}) });
}

async function graphGet(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await sandbox.issueToken(GLOBAL_ADMIN.id);
  const response = await fetch(`${sandbox.graphBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

async function graphWrite(method: string, path: string, body?: unknown): Promise<number> {
  const token = await sandbox.issueToken(GLOBAL_ADMIN.id);
  const response = await fetch(`${sandbox.graphBaseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return response.status;
}

async function auditSize(): Promise<number> {
  return ((await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { next: number }).next;
}

/** The writes Graph applied since `from`: method and path, without the version prefix. */
async function writesSince(from: number): Promise<string[]> {
  const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit?since=${from}`)).json()) as { entries: { method: string; path: string; status: number }[] };
  return entries
    .filter((e) => e.method !== 'GET' && !e.path.endsWith('/$batch') && e.status < 300)
    .map((e) => `${e.method} ${e.path.replace(/^\/v1\.0/, '')}`)
    .sort();
}

async function signIn(user: string): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
  expect(response.status).toBe(200);
}

const isActive = async (path: string) => (await graphGet(`${path}?$select=id`)).status === 200;
const inRecycleBin = async (id: string) => (await graphGet(`/directory/deletedItems/${id}?$select=id`)).status === 200;

async function membersOf(groupId: string): Promise<string[]> {
  const { body } = await graphGet(`/groups/${groupId}/members?$select=id&$top=999`);
  return ((body.value as { id: string }[] | undefined) ?? []).map((m) => m.id).sort();
}

async function departments(ids: readonly string[]): Promise<(string | null)[]> {
  return Promise.all(ids.map(async (id) => ((await graphGet(`/users/${id}?$select=department`)).body.department as string | null | undefined) ?? null));
}

const ref = (id: string) => ({ by: 'id' as const, id });
let counter = 0;
const newUser = (name: string) => {
  counter++;
  const alias = `undo.${name.toLowerCase()}${counter}`;
  return { displayName: `Undo ${name} ${counter}`, userPrincipalName: `${alias}@contoso.onmicrosoft.com`, mailNickname: alias, password: 'Str0ng!Passw0rd#1', accountEnabled: true };
};
const invitee = (email: string) => ({ email, redirectUrl: 'https://myapplications.microsoft.com', redirectUrlDefaulted: false, sendInvitationMessage: false });

interface UndoCase {
  kind: BulkKind;
  inverse: BulkKind;
  /** Runs the job and returns what to compare and the writes the undo must make. */
  setUp(): Promise<{ job: Ran; state: () => Promise<unknown>; before: unknown; inverseWrites: string[]; choices?: UndoChoices }>;
}

const CASES: UndoCase[] = [
  {
    kind: 'restore',
    inverse: 'delete-objects',
    async setUp() {
      const ids = [CONTOSO_PEOPLE.adeleVanceDeleted.id, CONTOSO_OBJECTS.groups.projectFalconDeleted];
      const state = async () => Promise.all(ids.map(async (id) => ({ deleted: await inRecycleBin(id) })));
      const before = await state();
      const job = await run(await planOf('restore', ids.map((id) => ({ target: ref(id), objectId: id }))));
      return { job, state, before, inverseWrites: [`DELETE /groups/${ids[1]}`, `DELETE /users/${ids[0]}`] };
    },
  },
  {
    kind: 'delete-users',
    inverse: 'restore',
    async setUp() {
      const ids = [CONTOSO_PEOPLE.henriettaMueller.id, CONTOSO_PEOPLE.irvinSayers.id];
      const state = async () => Promise.all(ids.map((id) => isActive(`/users/${id}`)));
      const before = await state();
      const job = await run(await planOf('delete-users', ids.map((id) => ({ target: ref(id) }))));
      return { job, state, before, inverseWrites: ids.map((id) => `POST /directory/deletedItems/${id}/restore`).sort() };
    },
  },
  {
    kind: 'create-users',
    inverse: 'delete-users',
    async setUp() {
      const rows = [newUser('Ana'), newUser('Bo')];
      const upns = rows.map((r) => r.userPrincipalName);
      const state = async () => Promise.all(upns.map((upn) => isActive(`/users/${upn}`)));
      const before = await state();
      const job = await run(await planOf('create-users', rows));
      const created = job.rows.map((r) => r.result?.details?.createdUserId ?? '');
      // A User Administrator can't read sign-in activity: the admin includes these rows knowingly.
      return { job, state, before, inverseWrites: created.map((id) => `DELETE /users/${id}`).sort(), choices: { includeChanged: true } };
    },
  },
  {
    kind: 'invite',
    inverse: 'delete-users',
    async setUp() {
      const existing = `undo.guest.before${++counter}@fabrikam.com`;
      const fresh = `undo.guest.new${counter}@fabrikam.com`;
      await run(await planOf('invite', [invitee(existing)]));
      const state = async () => Promise.all([existing, fresh].map(async (mail) => ((await graphGet(`/users?$filter=mail eq '${mail}'&$select=id`)).body.value as unknown[]).length));
      const before = await state();
      const job = await run(await planOf('invite', [invitee(existing), invitee(fresh)]));
      const freshId = job.rows[1]?.result?.details?.invitedUserId ?? '';
      expect(job.rows.map((r) => r.result?.details?.existedBefore)).toEqual(['true', 'false']);
      return { job, state, before, inverseWrites: [`DELETE /users/${freshId}`] };
    },
  },
  {
    kind: 'add-group-members',
    inverse: 'remove-group-members',
    async setUp() {
      const group = CONTOSO_OBJECTS.groups.retail;
      const members = [CONTOSO_PEOPLE.debraBerger.id, CONTOSO_PEOPLE.enricoCattaneo.id];
      const state = () => membersOf(group);
      const before = await state();
      const adding = members.filter((id) => !(before as string[]).includes(id));
      expect(adding.length).toBeGreaterThan(0);
      const job = await run(await planOf('add-group-members', adding.map((id) => ({ member: ref(id) })), { group }), { options: { group } });
      return { job, state, before, inverseWrites: adding.map((id) => `DELETE /groups/${group}/members/${id}/$ref`).sort() };
    },
  },
  {
    kind: 'remove-group-members',
    inverse: 'add-group-members',
    async setUp() {
      const group = CONTOSO_OBJECTS.groups.salesAndMarketing;
      const state = () => membersOf(group);
      const before = await state();
      const removing = (before as string[]).filter((id) => id !== ADMIN.id).slice(0, 2);
      expect(removing).toHaveLength(2);
      const job = await run(await planOf('remove-group-members', removing.map((id) => ({ member: ref(id) })), { group }), { options: { group } });
      return { job, state, before, inverseWrites: removing.map(() => `POST /groups/${group}/members/$ref`) };
    },
  },
  {
    kind: 'update-users',
    inverse: 'update-users',
    async setUp() {
      const ids = [CONTOSO_PEOPLE.lynneRobbins.id, CONTOSO_PEOPLE.miriamGraham.id];
      const state = () => departments(ids);
      const before = await state();
      const job = await run(await planOf('update-users', ids.map((id) => ({ target: ref(id), changes: { department: 'Undo Test' } }))));
      return { job, state, before, inverseWrites: ids.map((id) => `PATCH /users/${id}`).sort() };
    },
  },
];

describe('undo of every kind puts the sandbox back where it started', () => {
  it.each(CASES)('$kind is undone by a $inverse job over its succeeded rows', async ({ inverse, setUp }) => {
    const { job, state, before, inverseWrites, choices } = await setUp();
    expect(job.job.counters.failed).toBe(0);
    expect(await state()).not.toEqual(before);
    const planned = await undoPlan(job, choices);
    expect(planned.plan.kind).toBe(inverse);
    expect(planned.undoOf).toBe(job.job.id);
    const from = await auditSize();
    const undone = await run(planned.plan, { options: planned.options, ...(planned.undoOf ? { undoOf: planned.undoOf } : {}) });
    expect(undone.job.undoOf).toBe(job.job.id);
    expect(undone.job.counters.failed).toBe(0);
    expect(await state()).toEqual(before);
    expect(await writesSince(from)).toEqual(inverseWrites);
  });
});

describe('rows changed since the job are shown and skipped unless included', () => {
  it('update-users: a user updated again since is skipped; included, the recorded old value is written back', async () => {
    const [lynne, joni] = [CONTOSO_PEOPLE.henriettaMueller.id, CONTOSO_PEOPLE.gradyArchie.id];
    const before = await departments([lynne, joni]);
    const job = await run(await planOf('update-users', [lynne, joni].map((id) => ({ target: ref(id), changes: { department: 'Changed Once' } }))));
    expect(await graphWrite('PATCH', `/users/${joni}`, { department: 'Changed Again' })).toBe(204);
    const planned = await undoPlan(job);
    expect(planned.changedRows).toBe(1);
    const skipped = planned.plan.rows.find((r) => r.outcome === 'skip');
    expect(skipped?.note).toBe('changed since the job: department is now Changed Again, not Changed Once');
    await run(planned.plan);
    expect(await departments([lynne, joni])).toEqual([before[0], 'Changed Again']);
    const included = await undoPlan(job, { includeChanged: true });
    expect(included.changedRows).toBe(0);
    await run(included.plan);
    expect(await departments([joni])).toEqual([before[1]]);
  });

  it('restore: an object deleted again by someone else since is skipped as already deleted', async () => {
    const id = CONTOSO_OBJECTS.groups.contosoLifeDeleted;
    const job = await run(await planOf('restore', [{ target: ref(id), objectId: id }]));
    expect(job.rows[0]?.result?.status).toBe('succeeded');
    expect(await graphWrite('DELETE', `/groups/${id}`)).toBe(204);
    const planned = await undoPlan(job);
    expect(planned.plan.rows.map((r) => [r.outcome, r.note])).toEqual([['skip', 'is already deleted (it is not active); nothing to do']]);
  });

  it('delete-users: a user restored by someone else since is skipped', async () => {
    const id = CONTOSO_PEOPLE.christieCline.id;
    const job = await run(await planOf('delete-users', [{ target: ref(id) }]));
    expect(await graphWrite('POST', `/directory/deletedItems/${id}/restore`)).toBe(200);
    const planned = await undoPlan(job);
    expect(planned.plan.rows.map((r) => r.outcome)).toEqual(['skip']);
    expect(planned.plan.rows[0]?.note).toContain('no longer in the recycle bin');
  });

  it("create-users: users whose sign-ins can't be read are skipped by default, saying why; readable and unused, they are deleted", async () => {
    const job = await run(await planOf('create-users', [newUser('Cy')]));
    const planned = await undoPlan(job);
    expect(planned.changedRows).toBe(1);
    expect(planned.plan.rows[0]).toMatchObject({ outcome: 'skip', note: "may have signed in since it was created (I can't read sign-in activity)" });
    expect(planned.plan.notices.join(' ')).toContain("I can't read sign-in activity");
    // A Global Administrator may read sign-in activity: a user who never signed in is ready to delete.
    const asGlobal = await undoPlan(job, {}, GLOBAL_ADMIN);
    expect(asGlobal.plan.rows.map((r) => r.outcome)).toEqual(['ready']);
  });

  it('create-users: a created user who has signed in since is shown and skipped', async () => {
    const job = await run(await planOf('create-users', [newUser('Eve'), newUser('Flo')]));
    const [eve] = job.rows.map((r) => r.result?.details?.createdUserId ?? '');
    await signIn(eve ?? '');
    const planned = await undoPlan(job, {}, GLOBAL_ADMIN);
    expect(planned.changedRows).toBe(1);
    expect(planned.plan.rows.map((r) => r.outcome).sort()).toEqual(['ready', 'skip']);
    expect(planned.plan.rows.find((r) => r.outcome === 'skip')?.note).toMatch(/^has signed in since it was created \(last on \d{4}-\d{2}-\d{2}\)$/);
  });

  it('invite: a guest who has redeemed the invitation since is shown and skipped; included, deleted', async () => {
    const job = await run(await planOf('invite', [invitee(`undo.redeemer${++counter}@fabrikam.com`)]));
    const guest = job.rows[0]?.result?.details?.invitedUserId ?? '';
    await signIn(guest);
    const planned = await undoPlan(job);
    expect(planned.changedRows).toBe(1);
    expect(planned.plan.rows.map((r) => [r.outcome, r.note])).toEqual([['skip', 'has redeemed the invitation since']]);
    const included = await undoPlan(job, { includeChanged: true });
    expect(included.plan.rows.map((r) => r.outcome)).toEqual(['ready']);
    await run(included.plan);
    expect(await isActive(`/users/${guest}`)).toBe(false);
  });

  it('remove-group-members: a member added back by someone else since is skipped', async () => {
    const group = CONTOSO_OBJECTS.groups.salesAndMarketing;
    const member = (await membersOf(group)).find((id) => id !== ADMIN.id) ?? '';
    const job = await run(await planOf('remove-group-members', [{ member: ref(member) }], { group }), { options: { group } });
    expect(await graphWrite('POST', `/groups/${group}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${member}` })).toBe(204);
    const planned = await undoPlan(job);
    expect(planned.plan.rows.map((r) => r.outcome)).toEqual(['skip']);
  });

  it('add-group-members: a member removed by someone else since is skipped', async () => {
    const group = CONTOSO_OBJECTS.groups.mark8ProjectTeam;
    const member = CONTOSO_PEOPLE.benWalters.id;
    if ((await membersOf(group)).includes(member)) expect(await graphWrite('DELETE', `/groups/${group}/members/${member}/$ref`)).toBe(204);
    const job = await run(await planOf('add-group-members', [{ member: ref(member) }], { group }), { options: { group } });
    expect(await graphWrite('DELETE', `/groups/${group}/members/${member}/$ref`)).toBe(204);
    const planned = await undoPlan(job);
    expect(planned.plan.rows.map((r) => r.outcome)).toEqual(['skip']);
  });

  it('never deletes an object the job did not create: rows that were already done are not undone', async () => {
    const user = newUser('Dee');
    await run(await planOf('create-users', [user]));
    const second = await run(await planOf('create-users', [user]));
    expect(second.rows[0]?.result?.status).not.toBe('failed');
    const source = undoSourceFromJob(second.job, second.rows);
    expect(source.ok && source.source.rows).toEqual([]);
  });
});

describe('undo of an undo', () => {
  it('adds back the members an undo of an add removed', async () => {
    const group = CONTOSO_OBJECTS.groups.helpdeskTier1;
    const member = CONTOSO_PEOPLE.isaiahLanger.id;
    if ((await membersOf(group)).includes(member)) expect(await graphWrite('DELETE', `/groups/${group}/members/${member}/$ref`)).toBe(204);
    const added = await run(await planOf('add-group-members', [{ member: ref(member) }], { group }), { options: { group } });
    expect(await membersOf(group)).toContain(member);
    const undone = await undo(added);
    expect(undone.job.kind).toBe('remove-group-members');
    expect(await membersOf(group)).not.toContain(member);
    const redone = await undo(undone);
    expect(redone.job.kind).toBe('add-group-members');
    expect(redone.job.undoOf).toBe(undone.job.id);
    expect(await membersOf(group)).toContain(member);
  });

  it('restores again what an undo of a restore deleted', async () => {
    const id = CONTOSO_PEOPLE.meganBowenDeleted.id;
    const restored = await run(await planOf('restore', [{ target: ref(id), objectId: id }]));
    const undone = await undo(restored);
    expect(await inRecycleBin(id)).toBe(true);
    const redone = await undo(undone);
    expect(redone.job.kind).toBe('restore');
    expect(await isActive(`/users/${id}`)).toBe(true);
  });
});

describe('purge', () => {
  it("can't be undone, and its dry run says so before it runs", async () => {
    const plan = await planOf('purge', [{ target: ref(CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.id) }]);
    expect(plan.notices).toContain("This can't be undone: purged objects are gone for good, and a purge job has no Undo.");
    const job = { ...(await run(plan)) };
    const source = undoSourceFromJob(job.job, job.rows);
    expect(source).toEqual({ ok: false, message: "A purge can't be undone: purged objects are gone for good." });
  });
});

describe('entra-bulk undo <results.csv>', () => {
  it('reverts an update-users job exactly from its results file, with no job store configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entra-bulk-undo-'));
    const env = { AZURE_STORAGE_CONNECTION_STRING: '' };
    const as = ['--graph-url', sandbox.graphBaseUrl, '--sandbox-user', ADMIN.userPrincipalName];
    const people = [CONTOSO_PEOPLE.johannaLorenz, CONTOSO_PEOPLE.isaiahLanger];
    const read = async (id: string) => {
      const { body } = await graphGet(`/users/${id}?$select=department,jobTitle&$expand=${encodeURIComponent('manager($select=userPrincipalName)')}`);
      return { department: body.department ?? null, jobTitle: body.jobTitle ?? null, manager: (body.manager as { userPrincipalName?: string } | undefined)?.userPrincipalName ?? null };
    };
    const before = await Promise.all(people.map((p) => read(p.id)));
    const lines = people.map((p) => `${p.userPrincipalName},Undo CLI,<clear>,${CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName}`);
    writeFileSync(join(dir, 'edit.csv'), `userPrincipalName,department,jobTitle,manager\r\n${lines.join('\r\n')}\r\n`);
    const ran = await runCli(['run', 'update-users', 'edit.csv', '--yes', '--results', 'results.csv', ...as], { cwd: dir, env });
    expect(ran.code, ran.stderr).toBe(0);
    expect(await Promise.all(people.map((p) => read(p.id)))).not.toEqual(before);

    const from = await auditSize();
    const undone = await runCli(['undo', 'results.csv', '--yes', ...as], { cwd: dir, env });
    expect(undone.code, undone.stderr).toBe(0);
    expect(await Promise.all(people.map((p) => read(p.id)))).toEqual(before);
    const writes = await writesSince(from);
    expect(writes.filter((w) => w.startsWith('PATCH'))).toHaveLength(2);
    expect(writes.every((w) => people.some((p) => w.includes(p.id)))).toBe(true);

    const [header = [], ...rows] = Papa.parse<string[]>(readFileSync(join(dir, 'results.undo.csv'), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const oldValues = header.indexOf('Old values');
    expect(rows.map((r) => r[header.indexOf('Status')])).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(rows.map((r) => JSON.parse(r[oldValues] ?? '{}') as unknown)).toContainEqual({ department: 'Undo CLI', jobTitle: null });
  });

  it("refuses a job id when there is no job store, and a purge's results", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entra-bulk-undo-'));
    const as = ['--graph-url', sandbox.graphBaseUrl, '--sandbox-user', ADMIN.userPrincipalName];
    const noStore = await runCli(['undo', '0f0f0f0f-job', '--yes', ...as], { cwd: dir, env: { AZURE_STORAGE_CONNECTION_STRING: '' } });
    expect(noStore.code).toBe(1);
    expect(noStore.stderr).toContain('needs the job store');
    writeFileSync(join(dir, 'purge.results.csv'), 'objectId,Object,Status,Reason,Graph error code,Request ID,New object ID\r\nx,x,succeeded,,,,x\r\n');
    const purge = await runCli(['undo', 'purge.results.csv', '--yes', ...as], { cwd: dir, env: { AZURE_STORAGE_CONNECTION_STRING: '' } });
    expect(purge.code).toBe(1);
    expect(purge.stderr).toContain("can't be undone");
  });
});

describe('entra-bulk undo <job id> (job store)', () => {
  const io = () => {
    const err = new PassThrough();
    let text = '';
    err.on('data', (chunk: Buffer) => (text += chunk.toString()));
    return { io: { out: new PassThrough(), err, isInteractive: false }, text: () => text };
  };
  const connectionAs = (user: string) => {
    const tokenProvider = tokens(user);
    return { graph: new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider }), tokens: tokenProvider };
  };

  it("refuses someone else's job, and undoes the initiator's own", async () => {
    const group = CONTOSO_OBJECTS.groups.financeSecurity;
    const member = CONTOSO_PEOPLE.joniSherman.id;
    if ((await membersOf(group)).includes(member)) expect(await graphWrite('DELETE', `/groups/${group}/members/${member}/$ref`)).toBe(204);
    const added = await run(await planOf('add-group-members', [{ member: ref(member) }], { group }), { options: { group } });
    expect(await membersOf(group)).toContain(member);
    const deps = { store, durable: true };
    const dir = mkdtempSync(join(tmpdir(), 'entra-bulk-undo-'));
    const flags = { yes: true, includeChanged: false, resultsPath: join(dir, 'undo.csv') };

    const other = io();
    const refused = undoCommand(added.job.id, connectionAs(GLOBAL_ADMIN.id), flags, deps, other.io);
    await expect(refused).rejects.toBeInstanceOf(CliError);
    await expect(refused).rejects.toThrow(`was started by ${ADMIN.displayName}: only they can undo it`);
    expect(await membersOf(group)).toContain(member);

    const own = io();
    expect(await undoCommand(added.job.id, connectionAs(ADMIN.id), flags, deps, own.io)).toBe(0);
    expect(await membersOf(group)).not.toContain(member);
    const undoJob = (await store.listJobs({ initiatorId: ADMIN.id })).find((j) => j.undoOf === added.job.id);
    expect(undoJob?.kind).toBe('remove-group-members');
  });
});
