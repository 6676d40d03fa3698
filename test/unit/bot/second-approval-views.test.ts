import { describe, expect, it } from 'vitest';
import { approverRequirement, checkApprover, needsSecondApproval } from '../../../src/bot/second-approval-views';
import { newJob } from '../../../src/jobs/job-model';
import type { CallerRoles, RoleKey } from '../../../src/operations/directory-roles';

function caller(roles: RoleKey[], extra: Partial<CallerRoles> = {}): CallerRoles {
  return { roles: new Set(roles), eligibleRoles: new Set(), scopedRoles: [], customRoleNames: [], rolesReadable: true, ...extra };
}

describe('who may approve a job', () => {
  it('accepts a confirmed, active, tenant-wide role the kind declares, or Global Administrator', () => {
    expect(checkApprover('delete-users', caller(['userAdministrator']))).toEqual({ ok: true, heldRole: 'User Administrator' });
    expect(checkApprover('delete-users', caller(['globalAdministrator'])).ok).toBe(true);
    expect(checkApprover('restore', caller(['groupsAdministrator'])).ok).toBe(true);
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
      const check = checkApprover('delete-users', roles);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).toContain(reason);
    }
    expect(checkApprover('not-a-kind', caller(['globalAdministrator'])).ok).toBe(false);
  });

  it("takes the roles from the kind's own requirements", () => {
    expect(approverRequirement('delete-users')?.anyOf).toEqual(['userAdministrator', 'privilegedAuthenticationAdministrator']);
    expect(approverRequirement('add-group-members')?.anyOf).toContain('privilegedRoleAdministrator');
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
