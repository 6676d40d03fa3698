import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchExecutor } from '../../../src/graph/batch-executor';
import type { BatchItem, BatchItemResult } from '../../../src/graph/batch-executor';
import type { GraphClient } from '../../../src/graph/graph-client';
import { listItems } from '../../../src/graph/pager';
import { withErrorHints } from '../../../src/operations/catalogue';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { auditEntries, clientFor, control } from './sandbox-support';

function executorFor(client: GraphClient): BatchExecutor {
  return new BatchExecutor({
    transport: client,
    rateScale: 50,
    retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 3_000 },
  });
}

describe('batches of restores against a generated tenant with injected throttling', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, users: 300, deleted: 120, seed: 11, shuffleBatchResponses: true });
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('finishes every restore with exactly one result and applies each at most once', async () => {
    const client = clientFor(sandbox);
    const deleted: { id: string; userPrincipalName: string }[] = [];
    for await (const user of listItems<{ id: string; userPrincipalName: string }>(
      client,
      '/directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName&$top=50',
    )) {
      deleted.push(user);
    }
    expect(deleted.length).toBeGreaterThanOrEqual(120);

    await control(sandbox, 'POST', '/_sandbox/faults', { errorRate: 0.3, errorStatus: 429, retryAfterSeconds: 1, paths: 'restore' });
    const items: BatchItem<{ id: string }>[] = deleted.map((user) => ({
      key: user.id,
      request: { method: 'POST', url: `/directory/deletedItems/${user.id}/restore`, body: {} },
      operation: 'restore',
      context: withErrorHints('restore', { target: user.userPrincipalName, objectType: 'user' }),
      meta: { id: user.id },
    }));
    const executor = executorFor(client);
    const results = await executor.runAll(items);
    await control(sandbox, 'DELETE', '/_sandbox/faults');

    expect(results).toHaveLength(items.length);
    expect(new Set(results.map((r) => r.item.key)).size).toBe(items.length);
    expect(executor.stats.throttled).toBeGreaterThan(0);
    const retried = results.filter((r) => r.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    for (const result of results) {
      if (result.outcome === 'failed') expect(result.error.category).not.toBe('throttled');
      expect(result.outcome).not.toBe('not-attempted');
    }

    const restoredOk = new Map<string, number>();
    for (const entry of await auditEntries(sandbox)) {
      const match = /deletedItems\/([0-9a-f-]{36})\/restore/.exec(entry.path);
      if (match?.[1] && entry.method === 'POST' && entry.status < 300) restoredOk.set(match[1], (restoredOk.get(match[1]) ?? 0) + 1);
    }
    for (const result of results) {
      const applied = restoredOk.get(result.item.key) ?? 0;
      expect(applied).toBe(result.outcome === 'succeeded' ? 1 : 0);
    }
    const succeeded = results.filter((r) => r.outcome === 'succeeded');
    expect(succeeded.length).toBeGreaterThan(100);
    const check = await client.request({ url: `/users/${succeeded[0]?.item.key}` });
    expect(check.ok).toBe(true);
  });

  it('stops a run of invitations once the tenant is blocked and keeps the rest', async () => {
    await control(sandbox, 'POST', '/_sandbox/faults', { invitationBlockAfter: 5 });
    const client = clientFor(sandbox);
    const items: BatchItem[] = Array.from({ length: 60 }, (_, i) => ({
      key: String(i),
      request: {
        method: 'POST',
        url: '/invitations',
        body: { invitedUserEmailAddress: `guest${i}@fabrikam.com`, inviteRedirectUrl: 'https://myapps.microsoft.com' },
      },
      operation: 'invite',
      context: withErrorHints('invite', { target: `guest${i}@fabrikam.com` }),
    }));
    const executor = new BatchExecutor({ transport: client, rateScale: 50, batchSize: 5, initialConcurrency: 1, maxConcurrency: 1 });
    const results = await executor.runAll(items);
    await control(sandbox, 'DELETE', '/_sandbox/faults');

    expect(results).toHaveLength(60);
    expect(results.filter((r) => r.outcome === 'succeeded')).toHaveLength(5);
    const blocked = results.filter((r): r is Extract<BatchItemResult, { outcome: 'failed' }> => r.outcome === 'failed');
    expect(blocked.length).toBeGreaterThan(0);
    for (const r of blocked) expect(r.error.category).toBe('invitation-blocked');
    const kept = results.filter((r) => r.outcome === 'not-attempted');
    expect(kept.length).toBeGreaterThanOrEqual(50);
    for (const r of kept) if (r.outcome === 'not-attempted') expect(r.message).toMatch(/suspicious activity/);
  });
});

describe('reasons for the errors the sandbox really returns', () => {
  let sandbox: RunningSandbox;
  const people = CONTOSO_PEOPLE;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  async function runAs(user: string, items: BatchItem[]): Promise<Map<string, BatchItemResult>> {
    const results = await executorFor(clientFor(sandbox, user)).runAll(items);
    return new Map(results.map((r) => [r.item.key, r]));
  }

  function failure(results: Map<string, BatchItemResult>, key: string): { category: string; reason: string } {
    const result = results.get(key);
    if (result?.outcome !== 'failed') throw new Error(`${key} did not fail: ${JSON.stringify(result)}`);
    return { category: result.error.category, reason: result.error.reason };
  }

  const restore = (key: string, id: string, target: string, objectType: 'user' | 'group' = 'user'): BatchItem => ({
    key,
    request: { method: 'POST', url: `/directory/deletedItems/${id}/restore`, body: {} },
    operation: 'restore',
    // As the restore kind sends it, with its error hints.
    context: withErrorHints('restore', { target, objectType }),
  });

  it('explains restore failures: missing, UPN conflict, proxy conflict, a group Entra never kept', async () => {
    const results = await runAs(people.modAdministrator.id, [
      restore('missing', '0f0f0f0f-0000-4000-8000-000000000000', 'ghost@contoso.com'),
      restore('upn', people.christieClineOldDeleted.id, 'ChristieC (deleted)'),
      restore('proxy', people.emilyBraunDeleted.id, 'Emily Braun'),
      restore('group', 'c0a70600-0000-4000-8000-000000000104', 'Legacy Sales DL', 'group'),
    ]);
    expect(failure(results, 'missing')).toMatchObject({ category: 'not-found' });
    expect(failure(results, 'missing').reason).toContain('30 days');
    expect(failure(results, 'upn')).toMatchObject({ category: 'upn-conflict' });
    expect(failure(results, 'upn').reason).toContain('newUserPrincipalName');
    expect(failure(results, 'proxy')).toMatchObject({ category: 'proxy-address-conflict' });
    expect(failure(results, 'group')).toMatchObject({ category: 'not-found' });
    expect(failure(results, 'group').reason).toMatch(/^Legacy Sales DL is not in the recycle bin.*Distribution lists, mail-enabled security groups and groups synced/);
  });

  it('names the role that is missing', async () => {
    const results = await runAs(people.leeGu.id, [
      restore('plain', people.adeleVanceDeleted.id, 'Adele Vance'),
    ]);
    expect(failure(results, 'plain')).toMatchObject({ category: 'insufficient-privileges' });
    expect(failure(results, 'plain').reason).toContain('User Administrator');

    const admins = await runAs(people.alexWilber.id, [
      { ...restore('admin', people.allanDeyoungDeleted.id, 'Allan Deyoung'), context: withErrorHints('restore', { target: 'Allan Deyoung', targetIsPrivileged: true }) },
    ]);
    expect(failure(admins, 'admin')).toMatchObject({ category: 'privileged-target' });
    expect(failure(admins, 'admin').reason).toContain('Privileged Authentication Administrator');
  });

  it('explains invitation, password and membership failures', async () => {
    const invite = (key: string, email: string): BatchItem => ({
      key,
      request: { method: 'POST', url: '/invitations', body: { invitedUserEmailAddress: email, inviteRedirectUrl: 'https://myapps.microsoft.com' } },
      operation: 'invite',
      context: withErrorHints('invite', { target: email }),
    });
    const addMember = (key: string): BatchItem => ({
      key,
      request: {
        method: 'POST',
        url: `/groups/${CONTOSO_OBJECTS.groups.mark8ProjectTeam}/members/$ref`,
        body: { '@odata.id': `${sandbox.graphBaseUrl}/directoryObjects/${people.joniSherman.id}` },
      },
      operation: 'add-member',
      context: withErrorHints('add-group-members', { target: people.joniSherman.userPrincipalName, groupName: 'Mark 8 Project Team' }),
    });
    const first = await runAs(people.modAdministrator.id, [
      invite('plus', 'alex+test@fabrikam.com'),
      invite('member', people.debraBerger.userPrincipalName),
      {
        key: 'password',
        request: {
          method: 'POST',
          url: '/users',
          body: {
            accountEnabled: true,
            displayName: 'Weak Password',
            mailNickname: 'weakpw',
            userPrincipalName: 'weakpw@contoso.onmicrosoft.com',
            passwordProfile: { password: 'abc', forceChangePasswordNextSignIn: true },
          },
        },
        operation: 'create-user',
        context: withErrorHints('create-users', { target: 'weakpw@contoso.onmicrosoft.com' }),
      },
      addMember('member-1'),
    ]);
    expect(failure(first, 'plus')).toMatchObject({ category: 'invalid-email' });
    expect(failure(first, 'member')).toMatchObject({ category: 'existing-member' });
    expect(failure(first, 'password')).toMatchObject({ category: 'password-policy' });
    const second = await runAs(people.modAdministrator.id, [addMember('member-2')]);
    expect(failure(second, 'member-2')).toMatchObject({ category: 'duplicate-member' });
    expect(failure(second, 'member-2').reason).toContain('already a member of Mark 8 Project Team');
  });
});
