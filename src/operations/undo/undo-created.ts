import { z } from 'zod';
import { BatchExecutor } from '../../graph/batch-executor';
import type { GraphClient } from '../../graph/graph-client';
import type { PlanContext, RowPlan } from '../bulk-operation';
import { isNotFound } from '../bulk-operation';
import { deleteUsersOperation } from '../delete-users/delete-users-operation';
import { probeSignInActivity } from '../user-export-extras';
import type { ChangedCheck, InversePlanner } from './undo-plan';
import { numbered, skippedRow } from './undo-plan';
import type { UndoneRow } from './undo-source';

const userSchema = z.object({
  id: z.string(),
  userType: z.string().nullable().optional(),
  externalUserState: z.string().nullable().optional(),
  signInActivity: z
    .object({ lastSignInDateTime: z.string().nullable().optional(), lastNonInteractiveSignInDateTime: z.string().nullable().optional() })
    .nullable()
    .optional(),
});
type CurrentUser = z.infer<typeof userSchema>;

/** The users by id as they are now; a user Graph does not find is absent (deleted since). */
async function readUsers(graph: GraphClient, ids: readonly string[], select: string, signal?: AbortSignal): Promise<Map<string, CurrentUser>> {
  const found = new Map<string, CurrentUser>();
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (unique.length === 0) return found;
  const items = unique.map((id) => ({ key: id, request: { method: 'GET' as const, url: `/users/${encodeURIComponent(id)}?$select=${select}` }, kind: 'read' as const, operation: 'read' as const }));
  for await (const result of new BatchExecutor({ transport: graph }).run(items, { signal })) {
    if (result.outcome === 'failed') {
      if (isNotFound(result.error)) continue;
      throw result.error;
    }
    if (result.outcome !== 'succeeded') continue;
    const parsed = userSchema.safeParse(result.body);
    if (parsed.success) found.set(result.item.key, parsed.data);
  }
  return found;
}

interface CreatedUser {
  row: UndoneRow;
  id: string;
}

/**
 * The common path of both: skip users deleted since, show and skip users changed since (unless included), and let
 * delete-users plan the rest (it refuses the caller's own account and users Graph would not let this admin delete).
 */
async function deleteCreated(
  created: readonly CreatedUser[],
  leftAlone: RowPlan[],
  current: Map<string, CurrentUser>,
  changedSince: (user: CurrentUser) => ChangedCheck,
  ctx: PlanContext,
  includeChanged: boolean,
  notices: string[],
): Promise<Awaited<ReturnType<InversePlanner>>> {
  const skipped = [...leftAlone];
  let changedRows = 0;
  const rows = [];
  for (const { row, id } of created) {
    const user = current.get(id.toLowerCase());
    if (!user) {
      skipped.push(skippedRow(row, 'is already deleted; nothing to do'));
      continue;
    }
    const check = changedSince(user);
    if (check.changed && !includeChanged) {
      changedRows++;
      skipped.push(skippedRow(row, check.note));
      continue;
    }
    rows.push({ rowIndex: rows.length, input: row.input, row: { target: { by: 'id' as const, id: user.id } } });
  }
  const plan = await deleteUsersOperation.plan(rows, ctx);
  return { plan: { ...plan, rows: numbered([...plan.rows, ...skipped]), notices: [...notices, ...plan.notices] }, options: {}, changedRows };
}

/** Undo of create-users: delete exactly the users the job created; one who has signed in since is a change. */
export const undoCreateUsers: InversePlanner = async (source, ctx, choices) => {
  const leftAlone: RowPlan[] = [];
  const created: CreatedUser[] = [];
  for (const row of source.rows) {
    const id = row.details.createdUserId;
    if (id) created.push({ row, id });
    else leftAlone.push(skippedRow(row, 'has no recorded id of a user this job created, so I leave it alone'));
  }
  // Sign-in activity needs AuditLog.Read.All, a reporting role and Entra ID P1: without them Graph refuses the property.
  const refused = created.length > 0 ? await probeSignInActivity(ctx.graph, ctx.signal) : undefined;
  const select = refused ? 'id,userType' : 'id,userType,signInActivity';
  const current = await readUsers(ctx.graph, created.map((c) => c.id), select, ctx.signal);
  const notices = refused
    ? ["I can't read sign-in activity with your token and roles (it needs AuditLog.Read.All, a reporting role such as Global Reader, and Entra ID P1), so I can't tell whether these users have signed in: they are skipped unless you include them."]
    : [];
  const changedSince = (user: CurrentUser): ChangedCheck => {
    if (refused) return { changed: true, note: "may have signed in since it was created (I can't read sign-in activity)" };
    const last = user.signInActivity?.lastSignInDateTime ?? user.signInActivity?.lastNonInteractiveSignInDateTime;
    return last ? { changed: true, note: `has signed in since it was created (last on ${last.slice(0, 10)})` } : { changed: false, note: '' };
  };
  return deleteCreated(created, leftAlone, current, changedSince, ctx, choices.includeChanged === true, notices);
};

/**
 * Undo of invite: delete the guests the invitation created. A guest who existed before the job is left alone, and
 * so is one whose row does not say (a job planned before this was recorded); one who has redeemed is a change.
 */
export const undoInvite: InversePlanner = async (source, ctx, choices) => {
  const leftAlone: RowPlan[] = [];
  const created: CreatedUser[] = [];
  for (const row of source.rows) {
    const id = row.details.invitedUserId ?? row.objectId;
    if (!id) leftAlone.push(skippedRow(row, 'has no recorded guest id, so I leave it alone'));
    else if (row.details.existedBefore === 'true') leftAlone.push(skippedRow(row, 'was already a guest before the invitation, so I leave it alone'));
    else if (row.details.existedBefore !== 'false') leftAlone.push(skippedRow(row, "has no record of whether the guest existed before, so I leave it alone"));
    else created.push({ row, id });
  }
  const current = await readUsers(ctx.graph, created.map((c) => c.id), 'id,userType,externalUserState', ctx.signal);
  const changedSince = (user: CurrentUser): ChangedCheck => {
    if (user.userType !== 'Guest') return { changed: true, note: 'is no longer a guest (changed since the invitation)' };
    if (user.externalUserState === 'Accepted') return { changed: true, note: 'has redeemed the invitation since' };
    return { changed: false, note: '' };
  };
  return deleteCreated(created, leftAlone, current, changedSince, ctx, choices.includeChanged === true, []);
};
