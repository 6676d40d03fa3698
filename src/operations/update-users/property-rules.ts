import type { RoleKey } from '../directory-roles';
import { roleName } from '../directory-roles';
import type { UpdatableProperty } from './update-users-row';

/** A cell of an update row: a property, or the manager reference. */
export type UpdateCell = UpdatableProperty | 'manager';

export interface PropertyRule {
  /**
   * On-premises Active Directory masters it for a user synced from there (onPremisesSyncEnabled): Graph refuses a cloud
   * change with 400 "Unable to update the specified properties for on-premises mastered Directory Sync objects…".
   */
  onPremisesMastered: boolean;
  /**
   * A sensitive attribute ("Who can update sensitive attributes", Graph docs resources/users.md): on a user holding an
   * admin role a User Administrator may not manage, only SENSITIVE_PROPERTY_ROLES may change it.
   */
  sensitive: boolean;
}

const rule = (onPremisesMastered: boolean, sensitive = false): PropertyRule => ({ onPremisesMastered, sensitive });

/** Who may change each cell, beyond the User Administrator role every update needs. */
export const UPDATE_PROPERTY_RULES: Readonly<Record<UpdateCell, PropertyRule>> = {
  displayName: rule(true),
  givenName: rule(true),
  surname: rule(true),
  jobTitle: rule(true),
  department: rule(true),
  companyName: rule(true),
  employeeId: rule(true),
  employeeType: rule(true),
  officeLocation: rule(true),
  streetAddress: rule(true),
  city: rule(true),
  state: rule(true),
  postalCode: rule(true),
  country: rule(true),
  // A cloud property: licensing needs it, and it does not come from on-premises AD.
  usageLocation: rule(false),
  mobilePhone: rule(true, true),
  businessPhones: rule(true, true),
  accountEnabled: rule(true, true),
  manager: rule(true),
};

/** The roles that may change a sensitive attribute of a user who holds a privileged admin role (users.md table). */
export const SENSITIVE_PROPERTY_ROLES: readonly RoleKey[] = ['privilegedAuthenticationAdministrator', 'globalAdministrator'];

/** Why a cell can't be written, known in the dry run. */
export type CellRefusal =
  | { cell: UpdateCell; reason: 'synced-from-on-premises' }
  | { cell: UpdateCell; reason: 'sensitive-on-privileged-user'; heldRoles: readonly string[]; roles: readonly RoleKey[] };

export interface CellTarget {
  syncedFromOnPremises: boolean;
  /** Names of the admin roles the user holds that a User Administrator may not manage; undefined if none (or unknown). */
  privilegedRoles?: readonly string[];
}

/** The cells of a row that Graph would refuse for this user and caller, by the rule table; the rest can be written. */
export function refusedCells(cells: readonly UpdateCell[], target: CellTarget, caller: { roles: ReadonlySet<RoleKey> }): CellRefusal[] {
  const mayChangeSensitive = SENSITIVE_PROPERTY_ROLES.some((role) => caller.roles.has(role));
  return cells.flatMap((cell): CellRefusal[] => {
    const { onPremisesMastered, sensitive } = UPDATE_PROPERTY_RULES[cell];
    if (target.syncedFromOnPremises && onPremisesMastered) return [{ cell, reason: 'synced-from-on-premises' }];
    if (sensitive && target.privilegedRoles && target.privilegedRoles.length > 0 && !mayChangeSensitive) {
      return [{ cell, reason: 'sensitive-on-privileged-user', heldRoles: target.privilegedRoles, roles: SENSITIVE_PROPERTY_ROLES }];
    }
    return [];
  });
}

function list(cells: readonly string[]): string {
  return cells.length <= 1 ? (cells[0] ?? '') : `${cells.slice(0, -1).join(', ')} and ${cells[cells.length - 1] ?? ''}`;
}

/** The refusals in words, one clause per reason: "department and manager: synced from on-premises Active Directory, change them there". */
export function describeRefusals(refusals: readonly CellRefusal[]): string {
  const synced = refusals.filter((r) => r.reason === 'synced-from-on-premises').map((r) => r.cell);
  const sensitive = refusals.flatMap((r) => (r.reason === 'sensitive-on-privileged-user' ? [r] : []));
  const clauses: string[] = [];
  if (synced.length > 0) {
    clauses.push(`${list(synced)}: the user is synced from on-premises Active Directory, so ${synced.length === 1 ? 'it changes' : 'they change'} only there`);
  }
  const first = sensitive[0];
  if (first) {
    clauses.push(
      `${list(sensitive.map((r) => r.cell))}: sensitive on a user who holds ${first.heldRoles.join(', ')}; only a ${first.roles.map(roleName).join(' or ')} may change ${sensitive.length === 1 ? 'it' : 'them'}`,
    );
  }
  return clauses.join('; ');
}
