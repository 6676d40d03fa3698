import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchExecutor } from '../../../src/graph/batch-executor';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import type { BulkOperation, OperationOptions, OperationPlan, RowResult } from '../../../src/operations/bulk-operation';
import { loadCallerProfile } from '../../../src/operations/caller-profile';
import { deleteUsersOperation } from '../../../src/operations/delete-users/delete-users-operation';
import { PIM_MY_ROLES_URL } from '../../../src/operations/directory-roles';
import { executePlanRows } from '../../../src/operations/execute-plan';
import { addGroupMembersOperation } from '../../../src/operations/group-membership';
import type { RestoreRow } from '../../../src/operations/restore/restore-row';
import { purgeOperation } from '../../../src/operations/purge/purge-operation';
import { restoreOperation } from '../../../src/operations/restore/restore-operation';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, PRIVILEGED_SCOPES, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';

const P = CONTOSO_PEOPLE;
const G = CONTOSO_OBJECTS.groups;
let sandbox: RunningSandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterEach(async () => {
  await sandbox.stop();
});

async function contextFor(user: string, options: OperationOptions = {}, scopes?: readonly string[]) {
  const graph = new GraphClient({
    baseUrl: sandbox.graphBaseUrl,
    tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user, ...(scopes ? { scopes } : {}) }),
  });
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw caller.error;
  return { graph, caller: caller.value, now: () => Date.now(), options };
}

async function planAndRun<Row>(operation: BulkOperation<Row>, rows: Row[], ctx: Awaited<ReturnType<typeof contextFor>>): Promise<{ plan: OperationPlan; results: RowResult[] }> {
  const plan = await operation.plan(rows.map((row, rowIndex) => ({ rowIndex, input: {}, row })), ctx);
  const results = new Map<number, RowResult>();
  if (plan.roleCheck.ok) {
    for await (const r of executePlanRows(operation, plan.rows, new BatchExecutor({ transport: ctx.graph }))) results.set(r.rowIndex, r.result);
  }
  return { plan, results: plan.rows.map((p) => results.get(p.rowIndex) ?? { status: 'skipped' }) };
}

const restoreById = (id: string): RestoreRow => ({ target: { by: 'id', id } });

describe('the caller profile as real tenants have roles', () => {
  it('reads eligible, AU-scoped and custom roles, and the token scopes', async () => {
    const isaiah = (await contextFor(P.isaiahLanger.userPrincipalName)).caller;
    expect([...isaiah.roles]).toEqual([]);
    expect([...isaiah.eligibleRoles]).toEqual(['userAdministrator']);
    expect(isaiah.rolesReadable).toBe(true);
    expect(isaiah.tokenScopes?.has('Directory.AccessAsUser.All')).toBe(false);

    const johanna = (await contextFor(P.johannaLorenz.userPrincipalName)).caller;
    expect([...johanna.roles]).toEqual([]);
    expect(johanna.scopedRoles).toEqual([
      { role: 'userAdministrator', administrativeUnitId: CONTOSO_OBJECTS.administrativeUnits.seattleOffice, administrativeUnitName: 'Seattle Office' },
    ]);

    const joni = (await contextFor(P.joniSherman.userPrincipalName)).caller;
    expect(joni.customRoleNames).toEqual(['Restore Operators']);
    expect([...joni.roles]).toEqual([]);
  });

  it('falls back to memberOf, and knows it cannot read roles, without a role-reading scope', async () => {
    const alex = (await contextFor(P.alexWilber.userPrincipalName, {}, ['User.Read', 'User.ReadWrite.All'])).caller;
    expect(alex.rolesReadable).toBe(false);
    expect([...alex.roles]).toEqual([]);
  });
});

describe('the dry run, before Confirm', () => {
  it('tells an eligible User Administrator to activate the role in PIM, not to ask someone', async () => {
    const ctx = await contextFor(P.isaiahLanger.userPrincipalName);
    const { plan } = await planAndRun(restoreOperation, [restoreById(P.adeleVanceDeleted.id)], ctx);
    expect(plan.roleCheck).toMatchObject({ ok: false, reason: 'eligible-not-active', role: 'userAdministrator' });
    expect(plan.roleCheck.ok ? '' : plan.roleCheck.message).toBe(
      `You are eligible for User Administrator: activate it in Privileged Identity Management (${PIM_MY_ROLES_URL}), then press Retry.`,
    );
  });

  it("flags restoring Allan Deyoung (Global Administrator) as a failure naming Directory.AccessAsUser.All, even for a Global Administrator", async () => {
    const ctx = await contextFor(P.modAdministrator.userPrincipalName);
    const { plan, results } = await planAndRun(restoreOperation, [restoreById(P.allanDeyoungDeleted.id), restoreById(P.adeleVanceDeleted.id)], ctx);
    expect(plan.roleCheck.ok).toBe(true);
    expect(plan.rows[0]).toMatchObject({
      outcome: 'fail',
      blocker: { kind: 'privileged-target', target: 'privileged-user', scope: 'Directory.AccessAsUser.All', missingScope: true, missingRole: false },
    });
    expect(plan.rows[0]?.note).toContain('holds Global Administrator');
    expect(plan.rows[0]?.note).toContain('Directory.AccessAsUser.All');
    expect(plan.rows[0]?.work).toBeUndefined();
    expect(plan.rows[1]?.outcome).toBe('ready');
    expect(results.map((r) => r.status)).toEqual(['failed', 'succeeded']);
  });

  it('names the missing role too for a User Administrator, and lets a privileged sign-in of a Global Administrator restore Allan', async () => {
    const alex = await contextFor(P.alexWilber.userPrincipalName);
    const refused = await restoreOperation.plan([{ rowIndex: 0, input: {}, row: restoreById(P.allanDeyoungDeleted.id) }], alex);
    expect(refused.rows[0]?.blocker).toMatchObject({ missingScope: true, missingRole: true });
    expect(refused.rows[0]?.note).toMatch(/Global Administrator or Privileged Authentication Administrator role/);

    const privileged = await contextFor(P.modAdministrator.userPrincipalName, {}, PRIVILEGED_SCOPES);
    const { plan, results } = await planAndRun(restoreOperation, [restoreById(P.allanDeyoungDeleted.id)], privileged);
    expect(plan.rows[0]?.outcome).toBe('ready');
    expect(results[0]?.status).toBe('succeeded');
  });

  it('flags restoring and purging the role-assignable Tier 0 Admins: RoleManagement.ReadWrite.Directory and Privileged Role Administrator', async () => {
    const patti = await contextFor(P.pattiFernandez.userPrincipalName);
    const restore = await restoreOperation.plan([{ rowIndex: 0, input: {}, row: restoreById(G.tier0AdminsDeleted) }], patti);
    expect(restore.rows[0]).toMatchObject({ outcome: 'fail', blocker: { target: 'role-assignable-group', scope: 'RoleManagement.ReadWrite.Directory', missingScope: true, missingRole: false } });
    expect(restore.rows[0]?.note).toContain('RoleManagement.ReadWrite.Directory');

    const nestor = await contextFor(P.nestorWilke.userPrincipalName);
    const purge = await purgeOperation.plan([{ rowIndex: 0, input: {}, row: { target: { by: 'id', id: G.tier0AdminsDeleted } } }], nestor);
    expect(purge.rows[0]).toMatchObject({ outcome: 'fail', blocker: { missingScope: true, missingRole: true } });
    expect(purge.rows[0]?.note).toContain('Privileged Role Administrator');
  });

  it('flags adding members to a role-assignable group, for every row', async () => {
    const patti = await contextFor(P.pattiFernandez.userPrincipalName, { group: G.privilegedAdmins });
    const member = (upn: string) => ({ member: { by: 'userPrincipalName' as const, userPrincipalName: upn } });
    const { plan, results } = await planAndRun(addGroupMembersOperation, [member(P.joniSherman.userPrincipalName), member(P.lynneRobbins.userPrincipalName)], patti);
    expect(plan.rows.map((r) => r.outcome)).toEqual(['fail', 'fail']);
    expect(plan.rows.every((r) => r.blocker?.kind === 'privileged-target')).toBe(true);
    expect(plan.rows[0]?.note).toMatch(/^Privileged Admins is a role-assignable group: .*RoleManagement\.ReadWrite\.Directory/);
    expect(results.map((r) => r.status)).toEqual(['failed', 'failed']);
  });

  it("allows an AU-scoped User Administrator the rows in her unit and flags the others, naming the unit", async () => {
    const ctx = await contextFor(P.johannaLorenz.userPrincipalName);
    const target = (upn: string) => ({ target: { by: 'userPrincipalName' as const, userPrincipalName: upn } });
    const { plan, results } = await planAndRun(deleteUsersOperation, [target(P.miriamGraham.userPrincipalName), target(P.lynneRobbins.userPrincipalName)], ctx);
    expect(plan.roleCheck).toMatchObject({ ok: true, reason: 'administrative-unit' });
    expect(plan.rows[0]?.outcome).toBe('ready');
    expect(plan.rows[1]).toMatchObject({ outcome: 'fail', blocker: { kind: 'outside-administrative-unit', administrativeUnits: ['Seattle Office'] } });
    expect(plan.rows[1]?.note).toContain("'Seattle Office'");
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'failed']);
  });

  it('is advisory for a custom role: the plan proceeds, says so, and Graph decides', async () => {
    const ctx = await contextFor(P.joniSherman.userPrincipalName);
    const { plan, results } = await planAndRun(restoreOperation, [restoreById(P.adeleVanceDeleted.id)], ctx);
    expect(plan.roleCheck).toMatchObject({ ok: true, reason: 'advisory', why: 'custom-role' });
    expect(plan.notices).toContain("I couldn't confirm your role (custom role 'Restore Operators'); Graph will decide for each row.");
    expect(results[0]?.status).toBe('succeeded');
  });

  it("falls back when Graph won't list the tenant's role assignments (the docs name only Directory Readers, Global Reader and Privileged Role Administrator): the plan says so and Graph decides", async () => {
    const faults = (method: string, body?: unknown) =>
      fetch(`${sandbox.url}/_sandbox/faults`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect((await faults('POST', { errorRate: 1, errorStatus: 403, paths: '^/roleManagement/' })).status).toBe(200);
    try {
      const ctx = await contextFor(P.modAdministrator.userPrincipalName);
      const { plan, results } = await planAndRun(restoreOperation, [restoreById(P.allanDeyoungDeleted.id)], ctx);
      expect(plan.notices.some((n) => n.startsWith("I couldn't read the tenant's role assignments"))).toBe(true);
      expect(plan.rows[0]?.outcome).not.toBe('fail');
      // Graph refuses the restore itself: the app's token has no Directory.AccessAsUser.All.
      expect(results[0]?.status).toBe('failed');
    } finally {
      await faults('DELETE');
    }
  });

  it('is advisory when roles cannot be read', async () => {
    const ctx = await contextFor(P.alexWilber.userPrincipalName, {}, ['User.Read', 'User.ReadWrite.All']);
    const plan = await restoreOperation.plan([{ rowIndex: 0, input: {}, row: restoreById(P.adeleVanceDeleted.id) }], ctx);
    expect(plan.roleCheck).toMatchObject({ ok: true, reason: 'advisory', why: 'roles-unreadable' });
  });
});
