import type { GraphClient } from '../../graph/graph-client';
import { findActiveUsers, lookupRef } from '../active-user-lookup';
import type { BulkOperation, OperationPlan, PlanContext, RowPlan, RowResult } from '../bulk-operation';
import { goalReached, interpretCommon, isNotFound, succeeded } from '../bulk-operation';
import { checkRoles, rolesText } from '../directory-roles';
import { checkUserTargets } from '../user-target-checks';
import type { DeleteUserRow } from './delete-users-row';

export const DELETE_USER_ROLES = { action: 'delete users', anyOf: ['userAdministrator', 'privilegedAuthenticationAdministrator'] } as const;

function refText(ref: DeleteUserRow['target']): string {
  return ref.by === 'id' ? ref.id : ref.userPrincipalName;
}

function withDeletedDetails(work: Record<string, string>, result: RowResult): RowResult {
  if (result.status !== 'succeeded' || !work.id) return result;
  return { ...result, details: { ...result.details, deletedUserId: work.id } };
}

export const deleteUsersOperation: BulkOperation<DeleteUserRow> = {
  kind: 'delete-users',
  title: 'Delete users',
  destructive: true,
  // What an undo restores: exactly the users this job deleted.
  resultColumns: [{ key: 'deletedUserId', header: 'Deleted user ID', forUndo: true }],
  async plan(rows, ctx: PlanContext): Promise<OperationPlan> {
    const found = await findActiveUsers(
      ctx.graph,
      {
        ids: rows.flatMap((r) => (r.row.target.by === 'id' ? [r.row.target.id] : [])),
        userPrincipalNames: rows.flatMap((r) => (r.row.target.by === 'userPrincipalName' ? [r.row.target.userPrincipalName] : [])),
      },
      ctx.signal,
    );
    const seen = new Set<string>();
    const plans: RowPlan[] = rows.map(({ rowIndex, line, input, row }) => {
      const base = { rowIndex, ...(line !== undefined ? { line } : {}), input };
      const user = lookupRef(found, row.target);
      if (!user) return { ...base, label: refText(row.target), outcome: 'fail', note: 'is not an active user (check the spelling, or it is already deleted)' };
      const label = `${user.displayName} (${user.userPrincipalName})`;
      if (user.id === ctx.caller.id) return { ...base, label, outcome: 'fail', note: 'is you; I will not delete the account running this job' };
      if (seen.has(user.id)) return { ...base, label, outcome: 'skip', note: 'is already deleted by an earlier row of this file' };
      seen.add(user.id);
      return { ...base, label, outcome: 'ready', note: 'will be deleted (restorable for 30 days)', work: { id: user.id, label } };
    });
    const roleCheck = checkRoles(DELETE_USER_ROLES, ctx.caller);
    const notices = ['Deleted users keep their data and can be restored from the recycle bin for 30 days.'];
    const checks = await checkUserTargets(plans, roleCheck, ctx, 'delete');
    notices.push(...checks.notices);
    const checked = checks.rows;
    if (roleCheck.ok && roleCheck.reason !== 'held') notices.push(roleCheck.message);
    return { kind: 'delete-users', rows: checked, roleCheck, requirements: [DELETE_USER_ROLES], notices };
  },
  toRequest(work) {
    return { method: 'DELETE', url: `/users/${work.id}`, operation: 'delete-user', context: { target: work.label ?? work.id, objectType: 'user', requiredRoles: rolesText(DELETE_USER_ROLES) } };
  },
  interpret(work, result) {
    return withDeletedDetails(work, interpretCommon(result, () => succeeded(work.id, 'moved to the recycle bin')));
  },
  goalMayBeReached: isNotFound,
  async reconcile(work, graph: GraphClient, { signal, history } = {}) {
    const still = await graph.request({ url: `/users/${work.id}?$select=id`, signal, operation: 'read' });
    if (still.ok || !isNotFound(still.error)) return undefined;
    return withDeletedDetails(
      work,
      goalReached(history, work.id, {
        byEarlierAttempt: 'already deleted (the earlier attempt went through)',
        already: 'is already deleted (before this job ran); nothing was changed',
      }),
    );
  },
};
