import type { GraphClient } from '../../graph/graph-client';
import type { BulkOperation, OperationPlan, PlanContext, RowPlan } from '../bulk-operation';
import { goalReached, interpretCommon, isNotFound, succeeded } from '../bulk-operation';
import { ACTIVE_PATH, DeletedObjectIndex, describeDeletedObject } from '../deleted-objects';
import type { DeletedObject, DirectoryObjectType } from '../deleted-objects';
import { checkRoles, distinctRequirements, heldRoleCheck, rolesText } from '../directory-roles';
import { loadPrivilegedPrincipals } from '../privileged-targets';
import { loadIndexOrRefusal, privilegedRestoreRows } from '../restore/restore-operation';
import type { RoleCheck, RoleRequirement } from '../directory-roles';
import type { RestoreRow } from '../restore/restore-row';
import { restoreTargetText } from '../restore/restore-row';

/** Purge uses the restore file's identifiers: an object id, UPN, mail or name of something in the recycle bin. */
export type PurgeRow = Pick<RestoreRow, 'target'>;

export const PURGE_ROLES: Record<Exclude<DirectoryObjectType, 'administrativeUnit'>, RoleRequirement> = {
  user: { action: 'permanently delete users', anyOf: ['userAdministrator', 'privilegedAuthenticationAdministrator'] },
  group: { action: 'permanently delete groups', anyOf: ['groupsAdministrator'] },
  application: { action: 'permanently delete app registrations', anyOf: ['applicationAdministrator', 'cloudApplicationAdministrator', 'hybridIdentityAdministrator'] },
  servicePrincipal: { action: 'permanently delete enterprise apps', anyOf: ['applicationAdministrator', 'cloudApplicationAdministrator', 'hybridIdentityAdministrator'] },
};

/** The role requirement of one planned purge, from its work (the plan never sends an administrative unit). */
function purgeRequirementOf(work: Record<string, string>): RoleRequirement {
  const type = (work.type as DirectoryObjectType | undefined) ?? 'user';
  return PURGE_ROLES[type === 'administrativeUnit' ? 'user' : type];
}

export interface PurgePlanInputRow {
  rowIndex: number;
  line?: number;
  input: Record<string, string>;
  row: PurgeRow;
  resolved?: DeletedObject;
}

export async function planPurge(rows: readonly PurgePlanInputRow[], ctx: PlanContext): Promise<OperationPlan> {
  const now = ctx.now();
  const loaded = rows.some((r) => !r.resolved) ? await loadIndexOrRefusal(rows, ctx, now, PURGE_ROLES.user, 'purge') : new DeletedObjectIndex();
  if (!(loaded instanceof DeletedObjectIndex)) return loaded;
  const index = loaded;
  const chosen: DeletedObject[] = [];
  const seen = new Set<string>();
  const plans: RowPlan[] = rows.map(({ rowIndex, line, input, row, resolved }) => {
    const base = { rowIndex, ...(line !== undefined ? { line } : {}), input };
    const asked = restoreTargetText(row.target);
    const candidates = resolved ? [resolved] : row.target.by === 'id' ? [index.byObjectId(row.target.id)].flatMap((i) => i ?? []) : index.byHandle(asked);
    if (candidates.length === 0) return { ...base, label: asked, outcome: 'fail', note: 'is not in the recycle bin' };
    if (candidates.length > 1) return { ...base, label: asked, outcome: 'fail', note: `matches ${candidates.length} deleted objects; use the object id` };
    const item = candidates[0] as DeletedObject;
    const label = describeDeletedObject(item);
    if (item.type === 'administrativeUnit') {
      return { ...base, label, outcome: 'fail', note: "is an administrative unit; Graph can't purge those (Entra deletes them for good 30 days after deletion)" };
    }
    if (seen.has(item.id)) return { ...base, label, outcome: 'skip', note: 'appears earlier in this file' };
    seen.add(item.id);
    chosen.push(item);
    return { ...base, label, outcome: 'ready', note: 'will be deleted permanently (this cannot be undone)', work: { id: item.id, type: item.type, label } };
  });
  const privileged = chosen.some((c) => c.type === 'user') ? await loadPrivilegedPrincipals(ctx.graph, ctx.signal) : undefined;
  privilegedRestoreRows(plans, chosen, privileged, ctx.caller, 'permanently delete');
  let roleCheck: RoleCheck = heldRoleCheck('your roles');
  const requirements = distinctRequirements(chosen.flatMap((c) => (c.type === 'administrativeUnit' ? [] : [PURGE_ROLES[c.type]])));
  for (const requirement of requirements) {
    const check = checkRoles(requirement, ctx.caller);
    if (!check.ok) {
      roleCheck = check;
      break;
    }
    roleCheck = check;
  }
  const notices = ["This can't be undone: purged objects are gone for good, and a purge job has no Undo."];
  if (roleCheck.ok && roleCheck.reason !== 'held') notices.push(roleCheck.message);
  return { kind: 'purge', rows: plans, roleCheck, requirements, notices };
}

export const purgeOperation: BulkOperation<PurgeRow> & { planWith: typeof planPurge } = {
  kind: 'purge',
  title: 'Purge deleted objects',
  destructive: true,
  plan: (rows, ctx) => planPurge(rows, ctx),
  planWith: planPurge,
  toRequest(work) {
    return {
      method: 'DELETE',
      url: `/directory/deletedItems/${work.id}`,
      operation: 'purge',
      context: { target: work.label ?? work.id, objectType: (work.type as DirectoryObjectType | undefined) ?? 'user', requiredRoles: rolesText(purgeRequirementOf(work)) },
    };
  },
  interpret(work, result) {
    return interpretCommon(result, () => succeeded(work.id, 'deleted permanently'));
  },
  goalMayBeReached: isNotFound,
  async reconcile(work, graph: GraphClient, { signal, history } = {}) {
    const response = await graph.request({ url: `/directory/deletedItems/${work.id}?$select=id`, signal, operation: 'read' });
    if (response.ok || !isNotFound(response.error)) return undefined;
    // Gone from the recycle bin also describes a restored object: only an object that is not active is purged.
    const active = await graph.request({ url: `${ACTIVE_PATH[(work.type as DirectoryObjectType | undefined) ?? 'user']}/${work.id}?$select=id`, signal, operation: 'read' });
    if (active.ok || !isNotFound(active.error)) return undefined;
    return goalReached(history, work.id, {
      byEarlierAttempt: 'already purged (the earlier attempt went through)',
      already: 'is no longer in the recycle bin (purged before this job ran); nothing was changed',
    });
  },
};
