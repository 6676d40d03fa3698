import { z } from 'zod';
import type { GraphClient } from '../../graph/graph-client';
import { findActiveUsers } from '../active-user-lookup';
import type { BulkOperation, OperationPlan, PlanContext, RowPlan, RowResult } from '../bulk-operation';
import { goalReached, interpretCommon, succeeded } from '../bulk-operation';
import { checkRoles, rolesText } from '../directory-roles';
import type { CreateUserRow } from './create-users-row';

export const CREATE_USER_ROLES = { action: 'create users', anyOf: ['userAdministrator'] } as const;

/** Row fields sent to Graph as they are; the password and phones are shaped separately. */
const PLAIN_FIELDS = ['givenName', 'surname', 'jobTitle', 'department', 'usageLocation', 'streetAddress', 'state', 'country', 'officeLocation', 'city', 'postalCode', 'mobilePhone'] as const;

/** Only a user this job created is recorded as created (not one that already existed). */
function withCreatedDetails(result: RowResult): RowResult {
  if (result.status !== 'succeeded' || result.alreadyDone || !result.objectId) return result;
  return { ...result, details: { ...result.details, createdUserId: result.objectId } };
}

export const createUsersOperation: BulkOperation<CreateUserRow> = {
  kind: 'create-users',
  title: 'Create users',
  destructive: false,
  // What an undo deletes: exactly the users this job created.
  resultColumns: [{ key: 'createdUserId', header: 'Created user ID', forUndo: true }],
  async plan(rows, ctx: PlanContext): Promise<OperationPlan> {
    const existing = await findActiveUsers(ctx.graph, { userPrincipalNames: rows.map((r) => r.row.userPrincipalName) }, ctx.signal);
    const plans: RowPlan[] = rows.map(({ rowIndex, line, input, row }) => {
      const base = { rowIndex, ...(line !== undefined ? { line } : {}), input, label: `${row.displayName} (${row.userPrincipalName})` };
      const taken = existing.byUpn.get(row.userPrincipalName.toLowerCase());
      if (taken) return { ...base, outcome: 'skip', note: `already exists (${taken.displayName})` };
      const work: Record<string, string> = {
        displayName: row.displayName,
        userPrincipalName: row.userPrincipalName,
        mailNickname: row.mailNickname,
        password: row.password,
        accountEnabled: String(row.accountEnabled),
      };
      for (const field of PLAIN_FIELDS) {
        const value = row[field];
        if (value) work[field] = value;
      }
      if (row.businessPhone) work.businessPhone = row.businessPhone;
      return { ...base, outcome: 'ready', note: row.accountEnabled ? 'will be created' : 'will be created with sign-in blocked', work };
    });
    return { kind: 'create-users', rows: plans, roleCheck: checkRoles(CREATE_USER_ROLES, ctx.caller), requirements: [CREATE_USER_ROLES], notices: ['New users must change their password at first sign-in.'] };
  },
  toRequest(work) {
    const body: Record<string, unknown> = {
      accountEnabled: work.accountEnabled !== 'false',
      displayName: work.displayName,
      mailNickname: work.mailNickname,
      userPrincipalName: work.userPrincipalName,
      passwordProfile: { forceChangePasswordNextSignIn: true, password: work.password },
    };
    for (const field of PLAIN_FIELDS) if (work[field]) body[field] = work[field];
    if (work.businessPhone) body.businessPhones = [work.businessPhone];
    return { method: 'POST', url: '/users', body, operation: 'create-user', context: { target: work.userPrincipalName, objectType: 'user', requiredRoles: rolesText(CREATE_USER_ROLES) } };
  },
  interpret(_work, result) {
    return interpretCommon(result, (body) => {
      const created = z.object({ id: z.string() }).safeParse(body);
      return withCreatedDetails(succeeded(created.success ? created.data.id : undefined));
    });
  },
  goalMayBeReached: (error) => error.category === 'upn-conflict',
  async reconcile(work, graph: GraphClient, { signal, history = 'in-flight' } = {}) {
    const found = await findActiveUsers(graph, { userPrincipalNames: [work.userPrincipalName ?? ''] }, signal);
    const user = found.byUpn.get((work.userPrincipalName ?? '').toLowerCase());
    if (!user) return undefined;
    if (user.displayName !== work.displayName) {
      // Graph's own refusal explains a conflict better when this job cannot have created the user.
      if (history === 'none') return undefined;
      return { status: 'failed', objectId: user.id, reason: `${work.userPrincipalName} already exists as ${user.displayName}` };
    }
    // A row that was in flight at a crash may never have been sent: the same name alone doesn't prove this job created it.
    if (history === 'in-flight') return { status: 'skipped', objectId: user.id, reason: 'already exists with the same name (the earlier attempt went through)' };
    return withCreatedDetails(
      goalReached(history, user.id, {
        byEarlierAttempt: 'created (Graph applied an earlier attempt whose answer was an error or was lost)',
        already: 'already exists with this name (created before this job ran); nothing was changed',
      }),
    );
  },
};
