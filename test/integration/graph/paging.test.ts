import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listItems, listPartitioned, pageThrough } from '../../../src/graph/pager';
import type { RangePartition } from '../../../src/graph/upn-partitions';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { clientFor } from './sandbox-support';

interface User {
  id: string;
  userPrincipalName: string;
}

describe('paging against a generated tenant of a few thousand users', () => {
  let sandbox: RunningSandbox;
  let everyone: Set<string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, users: 4_000, deleted: 300, seed: 5 });
    everyone = new Set<string>();
    for await (const user of listItems<User>(clientFor(sandbox), '/users?$select=id&$top=999')) everyone.add(user.id);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('streams every page of /users by following nextLink', async () => {
    const pages = [];
    for await (const page of pageThrough<User>(clientFor(sandbox), '/users?$select=id,userPrincipalName&$top=500&$count=true', { consistencyLevel: 'eventual' })) {
      pages.push(page.items.length);
      if (page.pageIndex === 0) expect(page.count).toBe(everyone.size);
    }
    expect(everyone.size).toBeGreaterThanOrEqual(4_000);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(everyone.size);
    expect(pages.length).toBe(Math.ceil(everyone.size / 500));
  });

  it('re-sends ConsistencyLevel on every page of an advanced deleted-items query', async () => {
    const seen: string[] = [];
    for await (const item of listItems<{ id: string }>(
      clientFor(sandbox),
      '/directory/deletedItems/microsoft.graph.user?$select=id,deletedDateTime&$orderby=deletedDateTime asc&$count=true&$top=100',
      { consistencyLevel: 'eventual' },
    )) {
      seen.push(item.id);
    }
    expect(seen.length).toBeGreaterThanOrEqual(300);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('lists every user exactly once through parallel UPN-range partitions', async () => {
    let plan: RangePartition[] = [];
    const counts = new Map<string, number>();
    for await (const user of listPartitioned<User>(clientFor(sandbox), {
      select: ['id', 'userPrincipalName'],
      pageSize: 300,
      concurrency: 5,
      onPlan: (p) => (plan = p.partitions),
    })) {
      counts.set(user.id, (counts.get(user.id) ?? 0) + 1);
    }
    expect(plan.length).toBe(5);
    expect(counts.size).toBe(everyone.size);
    expect([...counts.keys()].every((id) => everyone.has(id))).toBe(true);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('combines a caller filter with the partitions', async () => {
    const client = clientFor(sandbox);
    const guests = new Set<string>();
    for await (const user of listItems<User>(client, "/users?$select=id&$filter=userType eq 'Guest'&$top=999")) guests.add(user.id);
    const listed: string[] = [];
    for await (const user of listPartitioned<User>(client, { filter: "userType eq 'Guest'", boundaries: ['h', 'p'], concurrency: 3 })) {
      listed.push(user.id);
    }
    expect(guests.size).toBeGreaterThan(0);
    expect(listed.sort()).toEqual([...guests].sort());
  });
});
