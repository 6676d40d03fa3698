import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PartitionPlan } from '../../../src/graph/pager';
import { listItems, listPartitioned } from '../../../src/graph/pager';
import { CONTOSO_DOMAIN, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { clientFor, control } from './sandbox-support';

interface User {
  id: string;
  userPrincipalName: string;
}

// First characters the letter and digit prefixes do not take, and upper case, which `startswith` folds.
const ODD_LOCAL_PARTS = ['_svc.backup', '-dash', "'quote", '~tilde', '!bang', '^caret', '#hash', '9lives', '0zero', 'UPPER.case', 'Zed'];

describe('partitioned listing when Graph refuses the partition filters', () => {
  let sandbox: RunningSandbox;
  let everyone: Set<string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, users: 3_500, seed: 11 });
    const client = clientFor(sandbox);
    for (const local of ODD_LOCAL_PARTS) {
      const created = await client.request({
        method: 'POST',
        url: '/users',
        body: {
          accountEnabled: true,
          displayName: local,
          mailNickname: local.replace(/[^A-Za-z0-9]/g, '') || 'odd',
          userPrincipalName: `${local}@${CONTOSO_DOMAIN}`,
          passwordProfile: { password: 'Start-2026-Strong!', forceChangePasswordNextSignIn: true },
        },
      });
      if (!created.ok) throw created.error;
    }
    everyone = new Set<string>();
    for await (const user of listItems<User>(client, '/users?$select=id&$top=999')) everyone.add(user.id);
  });

  afterAll(async () => {
    await sandbox.stop();
  });
  afterEach(async () => {
    await control(sandbox, 'DELETE', '/_sandbox/faults');
  });

  async function listAll(): Promise<{ counts: Map<string, number>; plan: PartitionPlan | undefined }> {
    let plan: PartitionPlan | undefined;
    const counts = new Map<string, number>();
    for await (const user of listPartitioned<User>(clientFor(sandbox), { select: ['userPrincipalName'], pageSize: 400, concurrency: 6, onPlan: (p) => (plan = p) })) {
      counts.set(user.id, (counts.get(user.id) ?? 0) + 1);
    }
    return { counts, plan };
  }

  function expectEveryUserOnce(counts: Map<string, number>): void {
    expect(counts.size).toBe(everyone.size);
    expect([...counts.keys()].every((id) => everyone.has(id))).toBe(true);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }

  it('lists in UPN ranges when Graph accepts them', async () => {
    const { counts, plan } = await listAll();
    expect(plan?.strategy).toBe('ranges');
    expect(plan?.refused).toEqual([]);
    expectEveryUserOnce(counts);
  });

  it('repartitions by first character when Graph refuses ge, and still lists every user once, odd first characters too', async () => {
    await control(sandbox, 'POST', '/_sandbox/faults', { unsupportedFilters: ['userPrincipalName ge'] });
    const { counts, plan } = await listAll();
    expect(plan?.strategy).toBe('prefixes');
    expect(plan?.partitions).toHaveLength(37);
    expect(plan?.refused.map((r) => [r.query, r.error.status, r.error.code])).toEqual([['ranges', 400, 'Request_UnsupportedQuery']]);
    expectEveryUserOnce(counts);
  });

  it('streams singly when Graph refuses both ge and startswith', async () => {
    await control(sandbox, 'POST', '/_sandbox/faults', { unsupportedFilters: ['userPrincipalName ge', 'userPrincipalName startswith'] });
    const { counts, plan } = await listAll();
    expect(plan?.strategy).toBe('single');
    expect(plan?.refused.map((r) => r.query)).toEqual(['ranges', 'prefixes']);
    expectEveryUserOnce(counts);
  });

  it('finishes as one stream, without repeating or losing a user, when Graph starts refusing ge after rows were given', async () => {
    let plan: PartitionPlan | undefined;
    const fallbacks: string[] = [];
    const counts = new Map<string, number>();
    let refusing = false;
    // Small pages and a bounded buffer: most pages are still to be fetched when the refusal starts.
    for await (const user of listPartitioned<User>(clientFor(sandbox), {
      select: ['userPrincipalName'],
      pageSize: 100,
      concurrency: 6,
      onPlan: (p) => (plan = p),
      onFallback: (f) => fallbacks.push(`${f.from}:${f.error.code}`),
    })) {
      counts.set(user.id, (counts.get(user.id) ?? 0) + 1);
      if (!refusing && counts.size === 200) {
        refusing = true;
        await control(sandbox, 'POST', '/_sandbox/faults', { unsupportedFilters: ['userPrincipalName ge'] });
      }
    }
    expect(plan?.strategy).toBe('ranges');
    expect(fallbacks).toEqual(['ranges:Request_UnsupportedQuery']);
    expectEveryUserOnce(counts);
  });
});

