import { describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import { SandboxTestClient, ids } from './sandbox-test-client';

const admin = CONTOSO_PEOPLE.modAdministrator.userPrincipalName;

async function snapshot(seed: number): Promise<{ tenantId: string; users: unknown[]; deleted: unknown[]; counts: unknown }> {
  const client = await SandboxTestClient.start({ tenant: 'generated', users: 300, deleted: 40, seed });
  try {
    const users = await client.get(admin, '/users?$select=id,displayName,department,userType&$top=999');
    const deleted = await client.get(admin, '/directory/deletedItems/microsoft.graph.user?$select=id,displayName&$top=999');
    const state = await client.control('GET', '/_sandbox/state');
    return { tenantId: client.sandbox.tenantId, users: users.body.value ?? [], deleted: deleted.body.value ?? [], counts: state.body.counts };
  } finally {
    await client.stop();
  }
}

describe('sandbox generated tenant', () => {
  it('is deterministic for a seed and different for another seed', async () => {
    const a = await snapshot(7);
    const b = await snapshot(7);
    const c = await snapshot(8);
    expect(b).toEqual(a);
    expect(c.tenantId).not.toBe(a.tenantId);
    expect(c.users).not.toEqual(a.users);
  });

  it('has the requested number of users, the Contoso role holders, members and guests, and a recycle bin', async () => {
    const { users, deleted, counts } = await snapshot(3);
    expect(users).toHaveLength(300);
    expect((counts as Record<string, number>).user).toBe(300);
    expect(deleted).toHaveLength(40 + 7);
    const rows = users as Record<string, unknown>[];
    expect(rows.some((row) => row.userType === 'Guest')).toBe(true);
    expect(rows.some((row) => row.id === CONTOSO_PEOPLE.alexWilber.id)).toBe(true);
  });

  it('seeds a large tenant and pages through it with 999-row pages', async () => {
    const client = await SandboxTestClient.start({ tenant: 'generated', users: 20_000, deleted: 2_000, seed: 11 });
    try {
      let link: string | undefined = '/users?$select=id,userPrincipalName&$top=999';
      const seen = new Set<unknown>();
      while (link) {
        const page = await client.get(admin, link);
        expect(page.status).toBe(200);
        for (const id of ids(page)) seen.add(id);
        link = page.body['@odata.nextLink'];
      }
      expect(seen.size).toBe(20_000);
      const count = await client.get(admin, '/directory/deletedItems/microsoft.graph.user/$count', { headers: { ConsistencyLevel: 'eventual' } });
      expect(Number(count.text)).toBe(2_007);
    } finally {
      await client.stop();
    }
  });
});
