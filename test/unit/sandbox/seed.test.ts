import { describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/contoso';
import { randomGuid, seededRandom } from '../../../src/sandbox/prng';
import { buildGroup } from '../../../src/sandbox/tenant/builders';
import type { GroupKind } from '../../../src/sandbox/tenant/entities';
import { seedTenant } from '../../../src/sandbox/tenant/seed';

describe('tenant seeding', () => {
  it('makes RFC 4122 version-4 shaped GUIDs, the same for the same seed', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    for (let i = 0; i < 50; i += 1) {
      const guid = randomGuid(a);
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(randomGuid(b)).toBe(guid);
    }
  });

  it('puts every Contoso person where the constant says, with their roles', () => {
    const state = seedTenant({ seed: 1, tenant: 'contoso', users: 0, deleted: 0, nowMs: Date.UTC(2026, 0, 1) });
    for (const person of Object.values(CONTOSO_PEOPLE)) {
      const collection = person.state === 'active' ? state.users.active : state.users.deleted;
      const user = collection.get(person.id);
      expect(user?.data.displayName).toBe(person.displayName);
      expect(user?.originalUpn ?? user?.data.userPrincipalName).toBe(person.userPrincipalName);
      expect(state.rolesOf(person.id)).toEqual([...person.roles]);
    }
  });

  it('never soft-deletes a distribution list, a mail-enabled security group or a synced group', () => {
    const base = { domain: 'contoso.onmicrosoft.com', createdMs: 0, deletedAtMs: Date.UTC(2026, 0, 1) };
    for (const groupKind of ['distribution', 'mailEnabledSecurity'] as GroupKind[]) {
      expect(() => buildGroup({ ...base, id: groupKind, displayName: groupKind, groupKind })).toThrow(/never soft-deleted/);
    }
    expect(() => buildGroup({ ...base, id: 'synced', displayName: 'Synced', groupKind: 'security', onPremisesSyncEnabled: true })).toThrow(/never soft-deleted/);
    expect(buildGroup({ ...base, id: 'cloud', displayName: 'Cloud', groupKind: 'security' }).deletedAtMs).toBe(base.deletedAtMs);
    for (const seeded of ['contoso', 'generated'] as const) {
      const state = seedTenant({ seed: 1, tenant: seeded, users: 300, deleted: 5, nowMs: Date.UTC(2026, 0, 1) });
      for (const group of state.groups.deleted.values()) {
        expect(['microsoft365', 'security']).toContain(group.groupKind);
        expect(group.data.onPremisesSyncEnabled).not.toBe(true);
      }
    }
  });

  it('prefixes deleted users\' UPNs with their object id without dashes', () => {
    const state = seedTenant({ seed: 1, tenant: 'generated', users: 50, deleted: 5, nowMs: Date.UTC(2026, 0, 1) });
    for (const user of state.users.deleted.values()) {
      expect(user.data.userPrincipalName.startsWith(user.data.id.replace(/-/g, ''))).toBe(true);
      expect(user.data.deletedDateTime).not.toBeNull();
    }
  });
});
