import { describe, expect, it } from 'vitest';
import type { RoleKey } from '../directory-roles';
import { describeRefusals, refusedCells, SENSITIVE_PROPERTY_ROLES, UPDATE_PROPERTY_RULES } from './property-rules';
import type { UpdateCell } from './property-rules';
import { UPDATABLE_PROPERTIES } from './update-users-row';

const userAdmin = { roles: new Set<RoleKey>(['userAdministrator']) };
const globalAdmin = { roles: new Set<RoleKey>(['globalAdministrator']) };
const cells = (pick: (cell: UpdateCell) => boolean): UpdateCell[] => (Object.keys(UPDATE_PROPERTY_RULES) as UpdateCell[]).filter(pick);

describe('update-users property rules', () => {
  it('has a rule for every updatable property and the manager', () => {
    expect(Object.keys(UPDATE_PROPERTY_RULES).sort()).toEqual([...UPDATABLE_PROPERTIES, 'manager'].sort());
  });

  it("marks the docs' sensitive attributes among them, and only usageLocation as not mastered on-premises", () => {
    expect(cells((c) => UPDATE_PROPERTY_RULES[c].sensitive).sort()).toEqual(['accountEnabled', 'businessPhones', 'mobilePhone']);
    expect(cells((c) => !UPDATE_PROPERTY_RULES[c].onPremisesMastered)).toEqual(['usageLocation']);
    expect(SENSITIVE_PROPERTY_ROLES).toEqual(['privilegedAuthenticationAdministrator', 'globalAdministrator']);
  });

  it('refuses the on-premises-mastered cells of a synced user, whoever asks, and keeps the cloud ones', () => {
    expect(refusedCells(['department', 'usageLocation', 'manager'], { syncedFromOnPremises: true }, globalAdmin)).toEqual([
      { cell: 'department', reason: 'synced-from-on-premises' },
      { cell: 'manager', reason: 'synced-from-on-premises' },
    ]);
    expect(refusedCells(['department', 'manager'], { syncedFromOnPremises: false }, userAdmin)).toEqual([]);
  });

  it('refuses sensitive cells of a privileged user unless the caller holds a role that may change them', () => {
    const admin = { syncedFromOnPremises: false, privilegedRoles: ['Global Administrator'] };
    expect(refusedCells(['mobilePhone', 'department', 'accountEnabled'], admin, userAdmin)).toEqual([
      { cell: 'mobilePhone', reason: 'sensitive-on-privileged-user', heldRoles: ['Global Administrator'], roles: SENSITIVE_PROPERTY_ROLES },
      { cell: 'accountEnabled', reason: 'sensitive-on-privileged-user', heldRoles: ['Global Administrator'], roles: SENSITIVE_PROPERTY_ROLES },
    ]);
    expect(refusedCells(['mobilePhone'], admin, globalAdmin)).toEqual([]);
    expect(refusedCells(['mobilePhone'], { syncedFromOnPremises: false, privilegedRoles: [] }, userAdmin)).toEqual([]);
  });

  it('words the refusals per reason, naming the cells and the roles needed', () => {
    const admin = { syncedFromOnPremises: false, privilegedRoles: ['Global Administrator'] };
    expect(describeRefusals(refusedCells(['department', 'city', 'manager'], { syncedFromOnPremises: true }, userAdmin))).toBe(
      'department, city and manager: the user is synced from on-premises Active Directory, so they change only there',
    );
    expect(describeRefusals(refusedCells(['accountEnabled'], admin, userAdmin))).toBe(
      'accountEnabled: sensitive on a user who holds Global Administrator; only a Privileged Authentication Administrator or Global Administrator may change it',
    );
  });
});
