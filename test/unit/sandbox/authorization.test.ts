import { describe, expect, it } from 'vitest';
import type { Caller, Operation } from '../../../src/sandbox/authorization';
import { AUTHORIZATION_MATRIX, isAllowed } from '../../../src/sandbox/authorization';
import type { RoleName } from '../../../src/sandbox/tenant/roles';
import { DEFAULT_DELEGATED_SCOPES, PRIVILEGED_SCOPES } from '../../../src/sandbox/tokens';

function caller(roles: RoleName[], scopes: readonly string[] = DEFAULT_DELEGATED_SCOPES): Caller {
  return { oid: 'x', roles, scopes: new Set(scopes) };
}

describe('authorization matrix', () => {
  it('lets a Global Administrator with the privileged scopes do every operation, even on privileged targets', () => {
    for (const operation of Object.keys(AUTHORIZATION_MATRIX) as Operation[]) {
      expect(isAllowed(operation, caller(['Global Administrator'], PRIVILEGED_SCOPES), true)).toBe(true);
    }
  });

  it("gives the app's own scopes nothing on privileged users or role-assignable groups, whatever the role", () => {
    expect(DEFAULT_DELEGATED_SCOPES).not.toContain('Directory.AccessAsUser.All');
    expect(DEFAULT_DELEGATED_SCOPES).not.toContain('RoleManagement.ReadWrite.Directory');
    expect(isAllowed('user.restore', caller(['Global Administrator']), true)).toBe(false);
    expect(isAllowed('group.members', caller(['Global Administrator']), true)).toBe(false);
    expect(isAllowed('user.restore', caller(['Global Administrator']), false)).toBe(true);
  });

  it('counts an AU-scoped role only for targets in that unit', () => {
    const scoped: Caller = { ...caller([]), scopedRoles: [{ role: 'User Administrator', administrativeUnitId: 'au-1' }] };
    expect(isAllowed('user.restore', scoped, { privileged: false, administrativeUnitIds: new Set(['au-1']) })).toBe(true);
    expect(isAllowed('user.restore', scoped, { privileged: false, administrativeUnitIds: new Set(['au-2']) })).toBe(false);
    expect(isAllowed('user.create', scoped)).toBe(false);
  });

  it("lets a custom role's resource actions allow exactly their operation, never on privileged targets", () => {
    const custom: Caller = { ...caller([]), customActions: new Set(['microsoft.directory/users/restore']) };
    expect(isAllowed('user.restore', custom)).toBe(true);
    expect(isAllowed('user.restore', custom, true)).toBe(false);
    expect(isAllowed('user.delete', custom)).toBe(false);
  });

  it('gives user restore to User Administrators, but not on privileged users', () => {
    expect(isAllowed('user.restore', caller(['User Administrator']))).toBe(true);
    expect(isAllowed('user.restore', caller(['User Administrator']), true)).toBe(false);
    expect(isAllowed('user.restore', caller(['Privileged Authentication Administrator'], PRIVILEGED_SCOPES), true)).toBe(true);
    expect(isAllowed('user.restore', caller(['Helpdesk Administrator']))).toBe(false);
  });

  it('requires Directory.AccessAsUser.All to act on privileged users, as the docs say for delegated calls', () => {
    const scopes = PRIVILEGED_SCOPES.filter((scope) => scope !== 'Directory.AccessAsUser.All');
    expect(isAllowed('user.delete', caller(['Global Administrator'], scopes), true)).toBe(false);
    expect(isAllowed('user.delete', caller(['Global Administrator'], scopes), false)).toBe(true);
  });

  it('accepts User.DeleteRestore.All alone for restoring users, but not for creating them', () => {
    expect(isAllowed('user.restore', caller(['User Administrator'], ['User.DeleteRestore.All']))).toBe(true);
    expect(isAllowed('user.create', caller(['User Administrator'], ['User.DeleteRestore.All']))).toBe(false);
  });

  it('gives role-assignable groups to Privileged Role Administrators only', () => {
    expect(isAllowed('group.restore', caller(['Groups Administrator']))).toBe(true);
    expect(isAllowed('group.restore', caller(['Groups Administrator']), true)).toBe(false);
    expect(isAllowed('group.restore', caller(['Privileged Role Administrator'], PRIVILEGED_SCOPES), true)).toBe(true);
  });

  it('lets a group owner without a role change its members, and a role-assignable one only with RoleManagement.ReadWrite.Directory', () => {
    const groupScopes = ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All'];
    expect(isAllowed('group.members', caller([], groupScopes))).toBe(false);
    expect(isAllowed('group.members', caller([], groupScopes), { privileged: false, callerOwnsTarget: true })).toBe(true);
    expect(isAllowed('group.members', caller([], groupScopes), { privileged: true, callerOwnsTarget: true })).toBe(false);
    expect(isAllowed('group.members', caller([], [...groupScopes, 'RoleManagement.ReadWrite.Directory']), { privileged: true, callerOwnsTarget: true })).toBe(true);
    expect(isAllowed('group.members', caller([], ['User.Read']), { privileged: false, callerOwnsTarget: true })).toBe(false);
    expect(isAllowed('group.write', caller([], groupScopes), { privileged: false, callerOwnsTarget: true })).toBe(false);
  });

  it('lets Guest Inviters and User Administrators invite, not Helpdesk Administrators or plain users', () => {
    expect(isAllowed('invitation.create', caller(['Guest Inviter']))).toBe(true);
    expect(isAllowed('invitation.create', caller(['User Administrator']))).toBe(true);
    expect(isAllowed('invitation.create', caller(['Helpdesk Administrator']))).toBe(false);
    expect(isAllowed('invitation.create', caller([]))).toBe(false);
  });

  it('lets anyone read the directory but only admins read the recycle bin', () => {
    expect(isAllowed('directory.read', caller([]))).toBe(true);
    expect(isAllowed('deletedItems.read', caller([]))).toBe(false);
    expect(isAllowed('deletedItems.read', caller(['Helpdesk Administrator']))).toBe(true);
  });
});
