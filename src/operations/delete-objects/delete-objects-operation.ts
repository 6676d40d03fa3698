import { z } from 'zod';
import { BatchExecutor } from '../../graph/batch-executor';
import type { GraphClient } from '../../graph/graph-client';
import type { BulkOperation, OperationPlan, PlanContext, RowPlan, RowResult } from '../bulk-operation';
import { goalReached, interpretCommon, isNotFound, succeeded } from '../bulk-operation';
import { ACTIVE_PATH, DELETED_OBJECT_TYPES, TYPE_NAMES } from '../deleted-objects';
import type { DirectoryObjectType } from '../deleted-objects';
import { checkRoles, distinctRequirements, heldRoleCheck, rolesText } from '../directory-roles';
import type { RoleCheck, RoleRequirement } from '../directory-roles';
import type { RestoreRow } from '../restore/restore-row';
import { restoreTargetText } from '../restore/restore-row';
import { checkUserTargets } from '../user-target-checks';

/**
 * A soft delete of any directory object by its id: what undoing a restore does. `type` is known when the row comes
 * from a restore job's results; a file row (restore format, object ids) leaves it out and the dry run finds it.
 */
export interface DeleteObjectRow {
  target: RestoreRow['target'];
  type?: DirectoryObjectType;
}

/** Who may delete what: Graph's least privileged roles of DELETE /users, /groups, /applications, /servicePrincipals, /directory/administrativeUnits. */
export const DELETE_OBJECT_ROLES: Record<DirectoryObjectType, RoleRequirement> = {
  user: { action: 'delete users', anyOf: ['userAdministrator', 'privilegedAuthenticationAdministrator'] },
  group: { action: 'delete groups', anyOf: ['groupsAdministrator', 'userAdministrator'] },
  application: { action: 'delete app registrations', anyOf: ['applicationAdministrator', 'cloudApplicationAdministrator', 'hybridIdentityAdministrator'] },
  servicePrincipal: { action: 'delete enterprise apps', anyOf: ['applicationAdministrator', 'cloudApplicationAdministrator', 'hybridIdentityAdministrator'] },
  administrativeUnit: { action: 'delete administrative units', anyOf: ['privilegedRoleAdministrator'] },
};

/** Groups and User Administrators may not delete a role-assignable group. */
export const DELETE_ROLE_ASSIGNABLE_GROUP: RoleRequirement = { action: 'delete role-assignable groups', anyOf: ['privilegedRoleAdministrator'] };

const SELECT: Record<DirectoryObjectType, string> = {
  user: 'id,displayName,userPrincipalName',
  group: 'id,displayName,isAssignableToRole',
  application: 'id,displayName',
  servicePrincipal: 'id,displayName',
  administrativeUnit: 'id,displayName',
};

const activeSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  isAssignableToRole: z.boolean().nullable().optional(),
});

interface ActiveObject {
  id: string;
  type: DirectoryObjectType;
  label: string;
  roleAssignable: boolean;
}

/** Reads each object where it lives while active, in `$batch`; absent from the answer = not active (deleted, or never was). */
async function readActiveObjects(graph: GraphClient, wanted: readonly { id: string; type?: DirectoryObjectType }[], signal?: AbortSignal): Promise<Map<string, ActiveObject>> {
  const items = [...new Map(wanted.map((w) => [`${w.id.toLowerCase()}|${w.type ?? ''}`, w])).values()].flatMap((w) =>
    (w.type ? [w.type] : DELETED_OBJECT_TYPES).map((type) => ({
      key: `${type}|${w.id}`,
      request: { method: 'GET' as const, url: `${ACTIVE_PATH[type]}/${encodeURIComponent(w.id)}?$select=${SELECT[type]}` },
      kind: 'read' as const,
      operation: 'read' as const,
      meta: { type },
    })),
  );
  const found = new Map<string, ActiveObject>();
  if (items.length === 0) return found;
  for await (const result of new BatchExecutor({ transport: graph }).run(items, { signal })) {
    if (result.outcome === 'failed') {
      if (isNotFound(result.error) || result.error.status === 400) continue;
      throw result.error;
    }
    if (result.outcome !== 'succeeded') continue;
    const parsed = activeSchema.safeParse(result.body);
    if (!parsed.success) continue;
    const type = result.item.meta?.type ?? 'user';
    const { id, displayName, userPrincipalName, isAssignableToRole } = parsed.data;
    const name = displayName ?? id;
    const label = type === 'user' && userPrincipalName ? `${name} (${userPrincipalName})` : `${name} (${TYPE_NAMES[type].one})`;
    found.set(id.toLowerCase(), { id, type, label, roleAssignable: isAssignableToRole === true });
  }
  return found;
}

function requirementOf(object: Pick<ActiveObject, 'type' | 'roleAssignable'>): RoleRequirement {
  return object.type === 'group' && object.roleAssignable ? DELETE_ROLE_ASSIGNABLE_GROUP : DELETE_OBJECT_ROLES[object.type];
}

function roleCheckOf(requirements: readonly RoleRequirement[], caller: PlanContext['caller']): RoleCheck {
  let held: RoleCheck = heldRoleCheck('your roles');
  for (const requirement of requirements) {
    const check = checkRoles(requirement, caller);
    if (!check.ok) return check;
    held = check;
  }
  return held;
}

export async function planDeleteObjects(rows: Parameters<BulkOperation<DeleteObjectRow>['plan']>[0], ctx: PlanContext): Promise<OperationPlan> {
  const wanted = rows.flatMap(({ row }) => (row.target.by === 'id' ? [{ id: row.target.id, ...(row.type ? { type: row.type } : {}) }] : []));
  const active = await readActiveObjects(ctx.graph, wanted, ctx.signal);
  const seen = new Set<string>();
  const chosen: ActiveObject[] = [];
  const plans: RowPlan[] = rows.map(({ rowIndex, line, input, row }) => {
    const base = { rowIndex, ...(line !== undefined ? { line } : {}), input };
    const asked = restoreTargetText(row.target);
    if (row.target.by !== 'id') return { ...base, label: asked, outcome: 'fail', note: 'is not an object id: name each object to delete by its object id' };
    const object = active.get(row.target.id.toLowerCase());
    if (!object || (row.type && object.type !== row.type)) return { ...base, label: asked, outcome: 'skip', note: 'is already deleted (it is not active); nothing to do' };
    if (object.type === 'user' && object.id.toLowerCase() === ctx.caller.id.toLowerCase()) {
      return { ...base, label: object.label, outcome: 'fail', note: 'is you; I will not delete the account running this job' };
    }
    if (seen.has(object.id.toLowerCase())) return { ...base, label: object.label, outcome: 'skip', note: 'appears earlier in this file' };
    seen.add(object.id.toLowerCase());
    chosen.push(object);
    return {
      ...base,
      label: object.label,
      outcome: 'ready',
      note: `will be deleted (${TYPE_NAMES[object.type].one}; restorable for 30 days)`,
      work: { id: object.id, type: object.type, label: object.label, ...(object.roleAssignable ? { roleAssignable: 'true' } : {}) },
    };
  });
  const requirements = distinctRequirements(chosen.map(requirementOf));
  const roleCheck = roleCheckOf(requirements, ctx.caller);
  // Graph's extra rules for users (admins, administrative units) apply to the user rows only.
  const userPositions = plans.flatMap((plan, position) => (plan.work?.type === 'user' ? [position] : []));
  const notices = ['Deleted objects stay in the recycle bin for 30 days and can be restored from there.'];
  if (userPositions.length > 0) {
    const checked = await checkUserTargets(userPositions.map((p) => plans[p] as RowPlan), roleCheck, ctx, 'delete');
    userPositions.forEach((position, i) => (plans[position] = checked.rows[i] as RowPlan));
    notices.push(...checked.notices);
  }
  if (roleCheck.ok && roleCheck.reason !== 'held') notices.push(roleCheck.message);
  return { kind: 'delete-objects', rows: plans, roleCheck, requirements, notices };
}

function typeOf(work: Record<string, string>): DirectoryObjectType {
  return (work.type as DirectoryObjectType | undefined) ?? 'user';
}

/** A deleted row records the object and its type: undoing this job restores exactly those. */
function withDeletedDetails(work: Record<string, string>, result: RowResult): RowResult {
  if (result.status !== 'succeeded' || !work.id) return result;
  return { ...result, details: { ...result.details, deletedObjectId: work.id, objectType: typeOf(work) } };
}

export const deleteObjectsOperation: BulkOperation<DeleteObjectRow> & { planWith: typeof planDeleteObjects } = {
  kind: 'delete-objects',
  title: 'Delete objects',
  destructive: true,
  resultColumns: [
    { key: 'deletedObjectId', header: 'Deleted object ID', forUndo: true },
    { key: 'objectType', header: 'Object type', forUndo: true },
  ],
  plan: (rows, ctx) => planDeleteObjects(rows, ctx),
  planWith: planDeleteObjects,
  toRequest(work) {
    const type = typeOf(work);
    const roleAssignable = work.roleAssignable === 'true';
    return {
      method: 'DELETE',
      url: `${ACTIVE_PATH[type]}/${work.id}`,
      ...(type === 'user' ? { operation: 'delete-user' as const } : {}),
      context: {
        target: work.label ?? work.id,
        objectType: type,
        ...(roleAssignable ? { roleAssignableGroup: true } : {}),
        requiredRoles: rolesText(requirementOf({ type, roleAssignable })),
      },
    };
  },
  interpret(work, result) {
    return withDeletedDetails(work, interpretCommon(result, () => succeeded(work.id, 'moved to the recycle bin')));
  },
  goalMayBeReached: isNotFound,
  async reconcile(work, graph: GraphClient, { signal, history } = {}) {
    const still = await graph.request({ url: `${ACTIVE_PATH[typeOf(work)]}/${work.id}?$select=id`, signal, operation: 'read' });
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
