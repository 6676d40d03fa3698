import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchExecutor } from '../../../src/graph/batch-executor';
import { GraphClient } from '../../../src/graph/graph-client';
import { SandboxTokenProvider } from '../../../src/graph/sandbox-token-provider';
import { loadCallerProfile } from '../../../src/operations/caller-profile';
import { findDeletedObjects } from '../../../src/operations/deleted-objects';
import { executePlanRows } from '../../../src/operations/execute-plan';
import { planRestore, RESTORE_ROLES, restoreOperation } from '../../../src/operations/restore/restore-operation';
import type { RestoreRow } from '../../../src/operations/restore/restore-row';
import { startSandbox, CONTOSO_PEOPLE } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';

let sandbox: RunningSandbox;

function clientFor(user: string): GraphClient {
  return new GraphClient({ baseUrl: sandbox.graphBaseUrl, tokenProvider: new SandboxTokenProvider({ sandboxOrigin: sandbox.url, user }) });
}

async function contextFor(user: string) {
  const graph = clientFor(user);
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) throw caller.error;
  return { graph, caller: caller.value, now: () => Date.now() };
}

function row(target: RestoreRow['target'], extra: Partial<RestoreRow> = {}, rowIndex = 0) {
  return { rowIndex, input: {}, row: { target, ...extra } as RestoreRow };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('caller profile', () => {
  it('reads the signed-in admin and their directory roles', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    expect(ctx.caller.displayName).toBe('Alex Wilber');
    expect([...ctx.caller.roles]).toEqual(['userAdministrator']);
  });
});

describe('finding deleted objects', () => {
  it('finds both deleted Megan Bowens by name, and one by id', async () => {
    const { graph } = await contextFor(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    const byName = await findDeletedObjects(graph, 'Megan Bowen', { now: Date.now() });
    expect(byName.ok && byName.matches.map((m) => m.id).sort()).toEqual([CONTOSO_PEOPLE.meganBowenDeleted.id, CONTOSO_PEOPLE.meganBowenOtherDeleted.id].sort());
    const byId = await findDeletedObjects(graph, CONTOSO_PEOPLE.adeleVanceDeleted.id, { now: Date.now() });
    expect(byId.ok && byId.matches.map((m) => m.displayName)).toEqual(['Adele Vance']);
    const adele = byId.ok ? byId.matches[0] : undefined;
    expect(adele?.userPrincipalName).toBe(CONTOSO_PEOPLE.adeleVanceDeleted.userPrincipalName);
    expect(adele?.daysLeft).toBeGreaterThanOrEqual(0);
    expect(adele?.daysLeft).toBeLessThanOrEqual(30);
  });

  it('finds a deleted user by the UPN they had', async () => {
    const { graph } = await contextFor(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    const found = await findDeletedObjects(graph, CONTOSO_PEOPLE.adeleVanceDeleted.userPrincipalName, { now: Date.now() });
    expect(found.ok && found.matches.map((m) => m.id)).toEqual([CONTOSO_PEOPLE.adeleVanceDeleted.id]);
  });
});

describe('restore plan and run', () => {
  it('plans conflicts up front and explains rows that cannot work', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    const plan = await planRestore(
      [
        row({ by: 'displayName', displayName: 'Adele Vance' }, {}, 0),
        row({ by: 'displayName', displayName: 'Megan Bowen' }, {}, 1),
        row({ by: 'id', id: CONTOSO_PEOPLE.christieClineOldDeleted.id }, {}, 2),
        row({ by: 'id', id: '00000000-0000-4000-8000-000000000999' }, {}, 3),
        row({ by: 'id', id: CONTOSO_PEOPLE.emilyBraunDeleted.id }, {}, 4),
      ],
      ctx,
    );
    expect(plan.roleCheck.ok).toBe(true);
    expect(plan.rows.map((r) => [r.rowIndex, r.outcome])).toEqual([
      [0, 'ready'],
      [1, 'fail'],
      [2, 'attention'],
      [3, 'fail'],
      [4, 'attention'],
    ]);
    expect(plan.rows[4]?.note).toContain('needs proxy reconciliation: emily.braun@');
    expect(plan.rows[1]?.note).toContain('matches 2 deleted objects');
    expect(plan.rows[2]?.note).toContain('needs a new user name');
    expect(plan.rows[3]?.note).toContain('is not in the recycle bin');
  });

  it('explains that distribution lists, mail-enabled security and synced groups are never in the recycle bin', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.nestorWilke.userPrincipalName);
    const plan = await planRestore(
      [
        row({ by: 'displayName', displayName: 'Legacy Sales DL' }, {}, 0),
        row({ by: 'id', id: 'c0a70600-0000-4000-8000-000000000106' }, {}, 1),
        row({ by: 'mail', mail: 'MailSecurityOps@contoso.onmicrosoft.com' }, {}, 2),
        row({ by: 'userPrincipalName', userPrincipalName: 'ghost@contoso.onmicrosoft.com' }, {}, 3),
        row({ by: 'displayName', displayName: 'Contoso Life' }, {}, 4),
      ],
      ctx,
    );
    expect(plan.rows.map((r) => [r.outcome, r.notFoundHint])).toEqual([
      ['fail', 'group-kind-never-soft-deleted'],
      ['fail', 'group-kind-never-soft-deleted'],
      ['fail', 'group-kind-never-soft-deleted'],
      ['fail', undefined],
      ['ready', undefined],
    ]);
    expect(plan.rows[0]?.note).toMatch(/^is not in the recycle bin \(never deleted, purged, or deleted more than 30 days ago\)\. If it is a group: distribution lists, mail-enabled security groups and groups synced from on-premises Active Directory are never kept in the recycle bin: restore a synced group in on-premises AD/);
    expect(plan.rows[0]?.note).toContain('recreate a distribution list or mail-enabled security group in the Exchange admin center');
    expect(plan.rows[3]?.note).toBe('is not in the recycle bin (never deleted, purged, or deleted more than 30 days ago)');
  });

  it('still flags a mail conflict when a new user name is given', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    const plan = await planRestore([row({ by: 'id', id: CONTOSO_PEOPLE.christieClineOldDeleted.id }, { newUserPrincipalName: 'christie.old@contoso.onmicrosoft.com' })], ctx);
    expect(plan.rows[0]?.outcome).toBe('attention');
    expect(plan.rows[0]?.note).toContain('needs proxy reconciliation');
    const reconciled = await planRestore(
      [row({ by: 'id', id: CONTOSO_PEOPLE.christieClineOldDeleted.id }, { newUserPrincipalName: 'christie.old@contoso.onmicrosoft.com', autoReconcileProxyConflict: true })],
      ctx,
    );
    expect(reconciled.rows[0]?.outcome).toBe('ready');
  });

  it('restores, with one result per row and Graph reasons for failures', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.alexWilber.userPrincipalName);
    const plan = await planRestore(
      [row({ by: 'displayName', displayName: 'Adele Vance' }, {}, 0), row({ by: 'id', id: CONTOSO_PEOPLE.christieClineOldDeleted.id }, {}, 1)],
      ctx,
    );
    const executor = new BatchExecutor({ transport: ctx.graph });
    const results = [];
    for await (const r of executePlanRows(restoreOperation, plan.rows, executor)) results.push(r);
    results.sort((a, b) => a.rowIndex - b.rowIndex);
    expect(results.map((r) => r.result.status)).toEqual(['succeeded', 'failed']);
    expect(results[0]?.result.objectId).toBe(CONTOSO_PEOPLE.adeleVanceDeleted.id);
    expect(results[1]?.result.reason).toMatch(/user ?name|userPrincipalName|UPN/i);
    const active = await ctx.graph.request<{ displayName: string }>({ url: `/users/${CONTOSO_PEOPLE.adeleVanceDeleted.id}` });
    expect(active.ok && active.body.displayName).toBe('Adele Vance');
    const again = await restoreOperation.reconcile?.({ id: CONTOSO_PEOPLE.adeleVanceDeleted.id, type: 'user' }, ctx.graph);
    expect(again?.status).toBe('succeeded');
  });

  it('reports the role requirement of each object type it offers, once each: what a second approver must hold', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.modAdministrator.userPrincipalName);
    const usersOnly = await planRestore([row({ by: 'id', id: CONTOSO_PEOPLE.meganBowenDeleted.id }, {}, 0), row({ by: 'id', id: CONTOSO_PEOPLE.emilyBraunDeleted.id }, {}, 1)], ctx);
    expect(usersOnly.requirements).toEqual([RESTORE_ROLES.user]);
    const mixed = await planRestore(
      [
        row({ by: 'displayName', displayName: 'Contoso Life' }, {}, 0),
        row({ by: 'id', id: CONTOSO_PEOPLE.emilyBraunDeleted.id }, {}, 1),
        // Ambiguous: not offered, so its type adds no requirement.
        row({ by: 'displayName', displayName: 'Megan Bowen' }, {}, 2),
      ],
      ctx,
    );
    expect(mixed.requirements).toEqual([RESTORE_ROLES.group, RESTORE_ROLES.user]);
  });

  it('names the missing role for a Helpdesk Administrator', async () => {
    const ctx = await contextFor(CONTOSO_PEOPLE.leeGu.userPrincipalName);
    const plan = await planRestore([row({ by: 'id', id: CONTOSO_PEOPLE.meganBowenDeleted.id })], ctx);
    expect(plan.roleCheck.ok).toBe(false);
    expect(!plan.roleCheck.ok && plan.roleCheck.message).toContain('User Administrator');
  });
});
