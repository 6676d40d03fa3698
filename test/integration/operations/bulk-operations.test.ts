import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchExecutor } from '../../../src/graph/batch-executor';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import type { BulkOperation, OperationOptions, RowResult } from '../../../src/operations/bulk-operation';
import { loadCallerProfile } from '../../../src/operations/caller-profile';
import { createUsersOperation } from '../../../src/operations/create-users/create-users-operation';
import { deleteUsersOperation } from '../../../src/operations/delete-users/delete-users-operation';
import { executePlanRows } from '../../../src/operations/execute-plan';
import { exportGroupMembers, exportUsers } from '../../../src/operations/export-directory';
import { addGroupMembersOperation, MEMBERSHIP_ROLES, removeGroupMembersOperation, ROLE_ASSIGNABLE_MEMBERSHIP } from '../../../src/operations/group-membership';
import { inviteOperation } from '../../../src/operations/invite/invite-operation';
import { PURGE_ROLES, purgeOperation } from '../../../src/operations/purge/purge-operation';
import type { CreateUserRow } from '../../../src/operations/create-users/create-users-row';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';

let sandbox: RunningSandbox;

async function contextFor(user: string, options: OperationOptions = {}) {
  const graph = new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user }) });
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw caller.error;
  return { graph, caller: caller.value, now: () => Date.now(), options };
}

async function planAndRun<Row>(operation: BulkOperation<Row>, rows: Row[], user: string, options: OperationOptions = {}) {
  const ctx = await contextFor(user, options);
  const plan = await operation.plan(rows.map((row, rowIndex) => ({ rowIndex, input: {}, row })), ctx);
  const results = new Map<number, RowResult>();
  for await (const r of executePlanRows(operation, plan.rows, new BatchExecutor({ transport: ctx.graph }))) {
    expect(results.has(r.rowIndex)).toBe(false);
    results.set(r.rowIndex, r.result);
  }
  expect(results.size).toBe(plan.rows.length);
  return { plan, results: plan.rows.map((p) => results.get(p.rowIndex) as RowResult), graph: ctx.graph };
}

const userAdmin = CONTOSO_PEOPLE.alexWilber.userPrincipalName;
const groupsAdmin = CONTOSO_PEOPLE.nestorWilke.userPrincipalName;
const guestInviter = CONTOSO_PEOPLE.lidiaHolloway.userPrincipalName;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('invite guests', () => {
  it('invites new guests, refuses members, and returns the redeem link', async () => {
    const row = (email: string) => ({ email, redirectUrl: 'https://myapplications.microsoft.com', redirectUrlDefaulted: false, sendInvitationMessage: false });
    const { plan, results } = await planAndRun(inviteOperation, [row('ana@fabrikam.com'), row(CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName)], guestInviter);
    expect(plan.roleCheck).toEqual({ ok: true, reason: 'held', heldRole: 'Guest Inviter' });
    expect(plan.rows.map((r) => r.outcome)).toEqual(['ready', 'fail']);
    expect(results[0]?.status).toBe('succeeded');
    expect(results[0]?.details?.inviteRedeemUrl).toMatch(/^https:\/\//);
    expect(results[1]).toMatchObject({ status: 'failed' });
    expect(results[1]?.reason).toContain('already belongs to a member');
  });
});

describe('create and delete users', () => {
  const newUser = (alias: string, password = 'Str0ng!Passw0rd#'): CreateUserRow => ({
    displayName: `Test ${alias}`,
    userPrincipalName: `${alias}@contoso.onmicrosoft.com`,
    mailNickname: alias,
    password,
    accountEnabled: true,
    department: 'Sales',
  });

  it('creates users, skips existing ones and explains Graph refusals', async () => {
    const { plan, results, graph } = await planAndRun(
      createUsersOperation,
      [newUser('newhire1'), { ...newUser('dup'), userPrincipalName: CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName }, newUser('weak', 'password')],
      userAdmin,
    );
    expect(plan.rows.map((r) => r.outcome)).toEqual(['ready', 'skip', 'ready']);
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'skipped', 'failed']);
    expect(results[2]?.reason).toMatch(/password/i);
    const created = await graph.request<{ department: string }>({ url: `/users/newhire1@contoso.onmicrosoft.com?$select=department` });
    expect(created.ok && created.body.department).toBe('Sales');
    const again = await createUsersOperation.reconcile?.({ userPrincipalName: 'newhire1@contoso.onmicrosoft.com', displayName: 'Test newhire1' }, graph);
    expect(again?.status).toBe('skipped');
  });

  it('deletes users into the recycle bin and never deletes the caller', async () => {
    const { plan, results, graph } = await planAndRun(
      deleteUsersOperation,
      [
        { target: { by: 'userPrincipalName' as const, userPrincipalName: CONTOSO_PEOPLE.gradyArchie.userPrincipalName } },
        { target: { by: 'userPrincipalName' as const, userPrincipalName: userAdmin } },
        { target: { by: 'userPrincipalName' as const, userPrincipalName: 'nobody@contoso.onmicrosoft.com' } },
      ],
      userAdmin,
    );
    expect(plan.rows.map((r) => r.outcome)).toEqual(['ready', 'fail', 'fail']);
    expect(plan.rows[1]?.note).toContain('is you');
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'failed', 'failed']);
    const deleted = await graph.request({ url: `/directory/deletedItems/${CONTOSO_PEOPLE.gradyArchie.id}` });
    expect(deleted.ok).toBe(true);
  });
});

describe('group membership', () => {
  it('adds members, skipping those already in the group', async () => {
    const { plan, results, graph } = await planAndRun(
      addGroupMembersOperation,
      [{ member: { by: 'userPrincipalName' as const, userPrincipalName: CONTOSO_PEOPLE.joniSherman.userPrincipalName } }, { member: { by: 'id' as const, id: CONTOSO_PEOPLE.christieCline.id } }],
      groupsAdmin,
      { group: 'Finance Security' },
    );
    expect(plan.rows.map((r) => r.outcome)).toEqual(['ready', 'skip']);
    expect(plan.requirements).toEqual([MEMBERSHIP_ROLES]);
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'skipped']);
    const members = await graph.request<{ value: { id: string }[] }>({ url: `/groups/${CONTOSO_OBJECTS.groups.financeSecurity}/members?$select=id` });
    expect(members.ok && members.body.value.map((m) => m.id)).toContain(CONTOSO_PEOPLE.joniSherman.id);
  });

  it('removes members', async () => {
    const { results } = await planAndRun(
      removeGroupMembersOperation,
      [{ member: { by: 'id' as const, id: CONTOSO_PEOPLE.enricoCattaneo.id } }],
      groupsAdmin,
      { group: CONTOSO_OBJECTS.groups.financeSecurity },
    );
    expect(results.map((r) => r.status)).toEqual(['succeeded']);
  });

  it('lets an owner without an admin role add and remove members of the group he owns', async () => {
    const owner = CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName;
    const joni = { member: { by: 'userPrincipalName' as const, userPrincipalName: CONTOSO_PEOPLE.joniSherman.userPrincipalName } };
    const added = await planAndRun(addGroupMembersOperation, [joni], owner, { group: 'Sales and Marketing' });
    expect(added.plan.roleCheck).toEqual({ ok: true, reason: 'held', heldRole: 'owner of Sales and Marketing' });
    expect(added.results.map((r) => r.status)).toEqual(['succeeded']);
    const members = async () => {
      const response = await added.graph.request<{ value: { id: string }[] }>({ url: `/groups/${CONTOSO_OBJECTS.groups.salesAndMarketing}/members?$select=id` });
      return response.ok ? response.body.value.map((m) => m.id) : [];
    };
    expect(await members()).toContain(CONTOSO_PEOPLE.joniSherman.id);

    const removed = await planAndRun(removeGroupMembersOperation, [joni], owner, { group: CONTOSO_OBJECTS.groups.salesAndMarketing });
    expect(removed.plan.roleCheck.ok).toBe(true);
    expect(removed.results.map((r) => r.status)).toEqual(['succeeded']);
    expect(await members()).not.toContain(CONTOSO_PEOPLE.joniSherman.id);
  });

  it('refuses an owner on a group he does not own, naming the role or the ownership he needs', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName, { group: 'Retail' });
    const plan = await addGroupMembersOperation.plan([{ rowIndex: 0, input: {}, row: { member: { by: 'id', id: CONTOSO_PEOPLE.joniSherman.id } } }], ctx);
    expect(plan.roleCheck.ok).toBe(false);
    expect(!plan.roleCheck.ok && plan.roleCheck.message).toMatch(/members of Retail you need the Groups Administrator or User Administrator role, or ownership of the group/);
  });

  it('reports the role a role-assignable group needs as the plan\'s only requirement', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.modAdministrator.userPrincipalName, { group: CONTOSO_OBJECTS.groups.privilegedAdmins });
    const plan = await addGroupMembersOperation.plan([{ rowIndex: 0, input: {}, row: { member: { by: 'id', id: CONTOSO_PEOPLE.joniSherman.id } } }], ctx);
    expect(plan.requirements).toEqual([ROLE_ASSIGNABLE_MEMBERSHIP]);
  });

  it('refuses groups whose members cannot be changed by hand', async () => {
    const ctx = await contextFor(groupsAdmin, { group: CONTOSO_OBJECTS.groups.allCompanyDl });
    await expect(addGroupMembersOperation.plan([], ctx)).rejects.toThrow(/distribution list/);
  });
});

describe('purge', () => {
  it('purges for good, and explains that administrative units cannot be purged', async () => {
    const { plan, results, graph } = await planAndRun(
      purgeOperation,
      [{ target: { by: 'id' as const, id: CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.id } }, { target: { by: 'id' as const, id: CONTOSO_OBJECTS.administrativeUnits.munichOfficeDeleted } }],
      CONTOSO_PEOPLE.modAdministrator.userPrincipalName,
    );
    expect(plan.rows.map((r) => r.outcome)).toEqual(['ready', 'fail']);
    expect(plan.rows[1]?.note).toContain("can't purge");
    // The administrative unit is not offered, so only the user's requirement is.
    expect(plan.requirements).toEqual([PURGE_ROLES.user]);
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'failed']);
    const gone = await graph.request({ url: `/directory/deletedItems/${CONTOSO_PEOPLE.kimAbercrombieGuestDeleted.id}` });
    expect(!gone.ok && gone.error.status).toBe(404);
  });
});

describe('exports', () => {
  async function collect(write: (out: PassThrough) => Promise<unknown>): Promise<string[]> {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    await write(out);
    out.end();
    return text.replace(/^\uFEFF/, '').trim().split('\r\n');
  }

  it('exports guests only, with the filter applied by Graph', async () => {
    const { graph } = await contextFor(userAdmin);
    const lines = await collect((out) => exportUsers(graph, out, { userType: 'Guest' }, { partitions: 1 }));
    const header = (lines[0] ?? '').split(',');
    const typeColumn = header.indexOf('userType');
    expect(typeColumn).toBeGreaterThan(-1);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line.split(',')[typeColumn]).toBe('Guest');
  });

  it('gives the same users from parallel partitions as from one stream', async () => {
    const { graph } = await contextFor(userAdmin);
    const single = await collect((out) => exportUsers(graph, out, {}, { partitions: 1, columns: ['objectId'] }));
    const parallel = await collect((out) => exportUsers(graph, out, {}, { partitions: 8, columns: ['objectId'] }));
    expect(parallel.slice(1).sort()).toEqual(single.slice(1).sort());
    expect(new Set(parallel.slice(1)).size).toBe(parallel.length - 1);
  });

  it('exports a group\'s members', async () => {
    const { graph } = await contextFor(userAdmin);
    const lines = await collect((out) => exportGroupMembers(graph, out, 'Sales and Marketing'));
    expect(lines[0]).toBe('objectId,objectType,displayName,userPrincipalName,mail,userType');
    expect(lines.some((l) => l.includes(CONTOSO_PEOPLE.diegoSiciliani.id))).toBe(true);
  });
});
