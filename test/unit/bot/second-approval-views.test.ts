import { describe, expect, it } from 'vitest';
import { approverRequirement, approverRolesText, checkApprover, needsSecondApproval } from '../../../src/bot/second-approval-views';
import { ROLE_REQUIREMENTS_OPTION, storedRequirementsValue } from '../../../src/engine/stored-role-requirements';
import { newJob } from '../../../src/jobs/job-model';
import type { JsonObject } from '../../../src/jobs/job-model';
import type { CallerRoles, RoleKey, RoleRequirement } from '../../../src/operations/directory-roles';
import { RESTORE_ROLES } from '../../../src/operations/restore/restore-operation';

function caller(roles: RoleKey[], extra: Partial<CallerRoles> = {}): CallerRoles {
  return { roles: new Set(roles), eligibleRoles: new Set(), scopedRoles: [], customRoleNames: [], rolesReadable: true, ...extra };
}

/** A job stored before its dry run's requirements were. */
function legacy(kind: string): { kind: string; options: Record<string, never> } {
  return { kind, options: {} };
}

function stored(kind: string, requirements: RoleRequirement[]) {
  return { kind, options: { [ROLE_REQUIREMENTS_OPTION]: storedRequirementsValue(requirements) } };
}

describe('who may approve a job', () => {
  it('accepts a confirmed, active, tenant-wide role the kind declares, or Global Administrator', () => {
    expect(checkApprover(legacy('delete-users'), caller(['userAdministrator']))).toEqual({ ok: true, heldRole: 'User Administrator' });
    expect(checkApprover(legacy('delete-users'), caller(['globalAdministrator'])).ok).toBe(true);
    expect(checkApprover(legacy('restore'), caller(['groupsAdministrator'])).ok).toBe(true);
  });

  it('refuses every role it cannot confirm covers the job, saying why', () => {
    const cases: Array<[CallerRoles, string]> = [
      [caller(['groupsAdministrator']), "You don't hold a role that allows this job (User Administrator, Privileged Authentication Administrator or Global Administrator)"],
      [caller([], { eligibleRoles: new Set<RoleKey>(['userAdministrator']) }), 'You are eligible for User Administrator, but it isn'],
      [caller([], { scopedRoles: [{ role: 'userAdministrator', administrativeUnitId: 'au-1', administrativeUnitName: 'Seattle' }] }), "Your role (User Administrator for 'Seattle') isn't one I can confirm"],
      [caller([], { customRoleNames: ['Deleters'] }), "Your role (custom role 'Deleters') isn't one I can confirm"],
      [caller([], { rolesReadable: false }), "I couldn't read your directory roles"],
    ];
    for (const [roles, reason] of cases) {
      const check = checkApprover(legacy('delete-users'), roles);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).toContain(reason);
    }
    expect(checkApprover(legacy('not-a-kind'), caller(['globalAdministrator'])).ok).toBe(false);
  });

  it("takes the roles from the kind's own requirements", () => {
    expect(approverRequirement('delete-users')?.anyOf).toEqual(['userAdministrator', 'privilegedAuthenticationAdministrator']);
    expect(approverRequirement('add-group-members')?.anyOf).toContain('privilegedRoleAdministrator');
  });
});

describe('who may approve a job whose dry run stored its requirements', () => {
  const usersOnly = stored('restore', [RESTORE_ROLES.user]);
  const usersAndApps = stored('restore', [RESTORE_ROLES.user, RESTORE_ROLES.application]);

  it('refuses a role of the kind that the job does not need, naming the roles it does', () => {
    const check = checkApprover(usersOnly, caller(['groupsAdministrator']));
    expect(check).toEqual({
      ok: false,
      reason: "You don't hold a role that allows this job (User Administrator, Authentication Administrator, Privileged Authentication Administrator or Global Administrator), so you can't approve it. Nothing was changed.",
    });
    expect(checkApprover(usersOnly, caller(['userAdministrator']))).toEqual({ ok: true, heldRole: 'User Administrator' });
  });

  it('needs a role for every requirement, and names only the missing ones', () => {
    const check = checkApprover(usersAndApps, caller(['userAdministrator']));
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.reason).toContain('Application Administrator, Cloud Application Administrator, Hybrid Identity Administrator or Global Administrator');
      expect(check.reason).not.toContain('Authentication Administrator');
    }
    expect(checkApprover(usersAndApps, caller(['userAdministrator', 'applicationAdministrator']))).toEqual({ ok: true, heldRole: 'User Administrator, Application Administrator' });
    expect(checkApprover(usersAndApps, caller(['globalAdministrator']))).toEqual({ ok: true, heldRole: 'Global Administrator' });
  });

  it('asks to activate every eligible role the job still needs', () => {
    const check = checkApprover(usersAndApps, caller([], { eligibleRoles: new Set<RoleKey>(['userAdministrator', 'applicationAdministrator']) }));
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain('You are eligible for User Administrator and Application Administrator, but they aren');
  });

  it('shows the same requirements on the waiting card', () => {
    expect(approverRolesText(usersOnly)).toBe('User Administrator, Authentication Administrator or Privileged Authentication Administrator');
    expect(approverRolesText(usersAndApps)).toBe(
      'User Administrator, Authentication Administrator or Privileged Authentication Administrator (to restore users) and ' +
        'Application Administrator, Cloud Application Administrator or Hybrid Identity Administrator (to restore app registrations)',
    );
  });

  it('falls back to the kind-wide rule when the stored value is missing or malformed', () => {
    const variants: JsonObject[] = [{}, { [ROLE_REQUIREMENTS_OPTION]: [] }, { [ROLE_REQUIREMENTS_OPTION]: [{ action: 'x', anyOf: ['notARole'] }] }];
    for (const options of variants) {
      expect(checkApprover({ kind: 'restore', options }, caller(['groupsAdministrator'])).ok).toBe(true);
    }
  });
});

describe('which confirmed jobs wait', () => {
  it('counts the rows the Confirm runs, not the rows on the card', () => {
    const job = newJob({ kind: 'delete-users', tenantId: 't', initiator: { objectId: 'a', name: 'A' }, source: { type: 'command', text: 'x' }, inputColumns: [], now: new Date(), options: { offeredRows: 2 } });
    const withRows = { ...job, counters: { ...job.counters, total: 5 } };
    expect(needsSecondApproval([{ kind: 'delete-users', moreThan: 2 }], withRows)).toBe(false);
    expect(needsSecondApproval([{ kind: 'delete-users', moreThan: 1 }], withRows)).toBe(true);
    expect(needsSecondApproval(undefined, withRows)).toBe(false);
  });
});
