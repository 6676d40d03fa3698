import type { BatchItemResult } from '../../graph/batch-executor';
import type { GraphClient } from '../../graph/graph-client';
import { GraphError } from '../../graph/graph-error';
import type { BulkOperation, OperationPlan, PlanContext, RowPlan, RowResult } from '../bulk-operation';
import { goalReached, interpretCommon, isNotFound, succeeded } from '../bulk-operation';
import { findActiveUsers } from '../active-user-lookup';
import { ACTIVE_PATH, DELETED_OBJECT_TYPES, DeletedObjectIndex, TYPE_NAMES, describeDeletedObject } from '../deleted-objects';
import type { DeletedObject, DirectoryObjectType } from '../deleted-objects';
import { checkRoles, distinctRequirements, heldRoleCheck, rolesText } from '../directory-roles';
import type { RoleCheck, RoleRequirement } from '../directory-roles';
import { loadPrivilegedPrincipals, privilegedTargetPlan } from '../privileged-targets';
import type { PrivilegedPrincipals } from '../privileged-targets';
import type { RestoreRow } from './restore-row';
import { restoreTargetText } from './restore-row';
import { restoreNotFoundHint, restoreNotFoundNote } from './restore-not-found';

/** Who may restore what, from Graph's "least privileged roles" for deletedItems restore (graph-api.md §1.6). */
export const RESTORE_ROLES: Record<DirectoryObjectType, RoleRequirement> = {
  user: { action: 'restore users', anyOf: ['userAdministrator', 'authenticationAdministrator', 'privilegedAuthenticationAdministrator'] },
  group: { action: 'restore groups', anyOf: ['groupsAdministrator', 'userAdministrator'] },
  application: { action: 'restore app registrations', anyOf: ['applicationAdministrator', 'cloudApplicationAdministrator', 'hybridIdentityAdministrator'] },
  servicePrincipal: { action: 'restore enterprise apps', anyOf: ['applicationAdministrator', 'cloudApplicationAdministrator', 'hybridIdentityAdministrator'] },
  administrativeUnit: { action: 'restore administrative units', anyOf: ['privilegedRoleAdministrator'] },
};

/** Privileged Role Administrator is the least privileged role for role-assignable groups (Groups and User Administrators may not). */
export const ROLE_ASSIGNABLE_GROUPS: RoleRequirement = { action: 'restore role-assignable groups', anyOf: ['privilegedRoleAdministrator'] };

export interface RestorePlanInputRow {
  rowIndex: number;
  line?: number;
  input: Record<string, string>;
  row: RestoreRow;
  /** Set when the admin already picked the object (chat disambiguation), so no lookup by name is needed. */
  resolved?: DeletedObject;
}

export interface RestorePlanOptions {
  /** Restore an app registration's enterprise app with it when that is in the recycle bin too. Default true. */
  includeServicePrincipals?: boolean;
}

/** The role requirement of each object type among the objects, once each. */
export function restoreRequirements(objects: Iterable<DeletedObject>): RoleRequirement[] {
  return distinctRequirements([...objects].map((item) => (item.type === 'group' && item.isAssignableToRole ? ROLE_ASSIGNABLE_GROUPS : RESTORE_ROLES[item.type])));
}

/**
 * The plan-wide check of the role each object type needs. Rows on admins and role-assignable groups need more; those
 * are flagged row by row (privileged-targets.ts).
 */
export function restoreRoleCheck(objects: Iterable<DeletedObject>, caller: PlanContext['caller']): RoleCheck {
  let held: RoleCheck = heldRoleCheck([...caller.roles].length > 0 ? 'your roles' : 'none');
  for (const requirement of restoreRequirements(objects)) {
    const check = checkRoles(requirement, caller);
    if (!check.ok) return check;
    // A deleted user's administrative units can't be read, so an AU-scoped role can't be confirmed for it.
    held = check.reason === 'administrative-unit'
      ? { ok: true, reason: 'advisory', why: 'administrative-unit-unverifiable', heldRole: check.heldRole, message: `${check.message} I can't see which unit a deleted object belonged to, so Graph will decide for each row.` }
      : check;
  }
  return held;
}

/** Rows on admins and role-assignable groups: flagged before Confirm when the token or role can't do them. */
export function privilegedRestoreRows(plans: RowPlan[], chosen: readonly DeletedObject[], privileged: PrivilegedPrincipals | undefined, caller: PlanContext['caller'], verb: string): void {
  const byId = new Map(chosen.map((item) => [item.id, item]));
  for (const [index, plan] of plans.entries()) {
    if (plan.outcome === 'fail' || plan.outcome === 'skip') continue;
    const item = byId.get(plan.work?.id ?? '');
    if (!item) continue;
    const heldRoles = item.type === 'user' ? privileged?.get(item.id.toLowerCase()) : undefined;
    const target = heldRoles ? ({ kind: 'privileged-user', heldRoles } as const) : item.type === 'group' && item.isAssignableToRole ? ({ kind: 'role-assignable-group' } as const) : undefined;
    if (!target) continue;
    const flagged = privilegedTargetPlan(target, caller, verb);
    if (!flagged) continue;
    const { work, ...rest } = plan;
    plans[index] = flagged.outcome === 'fail' ? { ...rest, ...flagged } : { ...rest, ...flagged, ...(work ? { work } : {}) };
  }
}

/** Plans restores: resolves every row to one deleted object and finds UPN and proxy-address conflicts up front. */
export async function planRestore(rows: readonly RestorePlanInputRow[], ctx: PlanContext, options: RestorePlanOptions = {}): Promise<OperationPlan> {
  const now = ctx.now();
  const needsIndex = rows.some((r) => !r.resolved);
  const loaded = needsIndex ? await loadIndexOrRefusal(rows, ctx, now, RESTORE_ROLES.user, 'restore') : new DeletedObjectIndex();
  if (!(loaded instanceof DeletedObjectIndex)) return loaded;
  const index = loaded;

  const resolved = rows.map((r) => ({ source: r, candidates: r.resolved ? [r.resolved] : resolveRow(r.row, index) }));
  const users = resolved.flatMap((r) => (r.candidates.length === 1 && r.candidates[0]?.type === 'user' ? [{ item: r.candidates[0], row: r.source.row }] : []));
  const active = await findActiveUsers(
    ctx.graph,
    {
      userPrincipalNames: users.flatMap(({ item, row }) => [row.newUserPrincipalName ?? item.userPrincipalName ?? []].flat()),
      mails: users.flatMap(({ item }) => (item.mail ? [item.mail] : [])),
      emailAddresses: users.flatMap(({ item }) => item.emailAddresses ?? []),
    },
    ctx.signal,
  );

  const plans: RowPlan[] = [];
  const chosen: DeletedObject[] = [];
  const restoringIds = new Set<string>();
  for (const { source, candidates } of resolved) {
    const base = { rowIndex: source.rowIndex, ...(source.line !== undefined ? { line: source.line } : {}), input: source.input };
    const asked = restoreTargetText(source.row.target);
    if (candidates.length === 0) {
      const hint = restoreNotFoundHint(source.row.target.by);
      plans.push({ ...base, label: asked, outcome: 'fail', note: restoreNotFoundNote(hint), ...(hint ? { notFoundHint: hint } : {}) });
      continue;
    }
    if (candidates.length > 1) {
      plans.push({
        ...base,
        label: asked,
        outcome: 'fail',
        note: `matches ${candidates.length} deleted objects; use the object id instead (${candidates.map((c) => c.id).join(', ')})`,
      });
      continue;
    }
    const item = candidates[0] as DeletedObject;
    if (restoringIds.has(item.id)) {
      plans.push({ ...base, label: describeDeletedObject(item), outcome: 'skip', note: 'is already restored by an earlier row of this file' });
      continue;
    }
    restoringIds.add(item.id);
    chosen.push(item);
    plans.push({ ...base, label: describeDeletedObject(item), ...planUserConflicts(item, source.row, active) });
  }

  const notices: string[] = [];
  if (options.includeServicePrincipals ?? true) {
    const apps = chosen.filter((c) => c.type === 'application' && c.appId);
    // Rows resolved in chat skip the full index; the enterprise apps still have to be found.
    const principals = apps.length > 0 && !needsIndex ? await DeletedObjectIndex.load(ctx.graph, ['servicePrincipal'], now, ctx.signal) : index;
    for (const app of apps) {
      const principal = findServicePrincipal(principals, app.appId ?? '');
      if (!principal || restoringIds.has(principal.id)) continue;
      restoringIds.add(principal.id);
      chosen.push(principal);
      plans.push({
        rowIndex: rows.length + plans.length,
        // Not a row of the admin's: it has none of their columns.
        input: {},
        label: `${principal.displayName} (enterprise app)`,
        outcome: 'ready',
        note: 'will be restored with its app registration',
        work: workFor(principal, {}),
      });
      notices.push(`Restoring an app registration does not restore its enterprise app, so "${principal.displayName}"'s enterprise app is included.`);
    }
  }
  const expiring = chosen.filter((c) => c.daysLeft !== undefined && c.daysLeft <= 3).length;
  if (expiring > 0) notices.push(`${expiring} of these will be deleted for good within 3 days if not restored.`);

  const privileged = chosen.some((c) => c.type === 'user') ? await loadPrivilegedPrincipals(ctx.graph, ctx.signal) : undefined;
  if (chosen.some((c) => c.type === 'user') && !privileged) {
    notices.push("I couldn't read the tenant's role assignments, so I can't tell which users hold admin roles: Graph refuses restoring those unless you sign in with Directory.AccessAsUser.All as a Global or Privileged Authentication Administrator.");
  }
  privilegedRestoreRows(plans, chosen, privileged, ctx.caller, 'restore');
  const roleCheck = restoreRoleCheck(chosen, ctx.caller);
  if (roleCheck.ok && roleCheck.reason !== 'held') notices.push(roleCheck.message);
  return { kind: 'restore', rows: plans, roleCheck, requirements: restoreRequirements(chosen), notices };
}

/**
 * Reading the recycle bin needs an admin role. When Graph refuses it and the caller's roles explain why (e.g. the role
 * is only eligible in PIM), the plan says that, for every row, instead of failing on the read.
 */
export async function loadIndexOrRefusal(
  rows: readonly { rowIndex: number; line?: number; input: Record<string, string> }[],
  ctx: PlanContext,
  now: number,
  requirement: RoleRequirement,
  kind: 'restore' | 'purge',
): Promise<DeletedObjectIndex | OperationPlan> {
  try {
    return await DeletedObjectIndex.load(ctx.graph, DELETED_OBJECT_TYPES, now, ctx.signal);
  } catch (error) {
    const roleCheck = checkRoles(requirement, ctx.caller);
    if (!(error instanceof GraphError) || error.status !== 403 || roleCheck.ok) throw error;
    return {
      kind,
      roleCheck,
      requirements: [requirement],
      notices: [],
      rows: rows.map((r) => ({
        rowIndex: r.rowIndex,
        ...(r.line !== undefined ? { line: r.line } : {}),
        input: r.input,
        label: Object.values(r.input)[0] ?? `row ${r.rowIndex + 1}`,
        outcome: 'fail' as const,
        note: 'was not looked up: Graph would not let you read the recycle bin with your current roles',
      })),
    };
  }
}

function resolveRow(row: RestoreRow, index: DeletedObjectIndex): DeletedObject[] {
  const target = row.target;
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  switch (target.by) {
    case 'id': {
      const item = index.byObjectId(target.id);
      return item ? [item] : [];
    }
    case 'userPrincipalName':
      return index.byHandle(target.userPrincipalName).filter((i) => same(i.userPrincipalName, target.userPrincipalName) || same(i.mail, target.userPrincipalName));
    case 'mail':
      return index.byHandle(target.mail).filter((i) => same(i.mail, target.mail));
    case 'displayName':
      return index.byHandle(target.displayName).filter((i) => same(i.displayName, target.displayName));
  }
}

function findServicePrincipal(index: DeletedObjectIndex, appId: string): DeletedObject | undefined {
  return index.all().find((i) => i.type === 'servicePrincipal' && i.appId?.toLowerCase() === appId.toLowerCase());
}

function planUserConflicts(
  item: DeletedObject,
  row: RestoreRow,
  active: Awaited<ReturnType<typeof findActiveUsers>>,
): Pick<RowPlan, 'outcome' | 'note' | 'needs' | 'work'> {
  const work = workFor(item, row);
  if (item.type !== 'user') return { outcome: 'ready', note: `will be restored (${TYPE_NAMES[item.type].one})`, work };
  if (row.newUserPrincipalName) {
    const taken = active.byUpn.get(row.newUserPrincipalName.toLowerCase());
    if (taken) {
      // The work stays with the plan (a failing row is never sent) so that the card can plan it again with a new name.
      return { outcome: 'fail', note: `cannot take the new user name ${row.newUserPrincipalName}: ${taken.displayName} already uses it`, needs: 'newUserPrincipalName', work };
    }
  } else if (item.userPrincipalName) {
    const taken = active.byUpn.get(item.userPrincipalName.toLowerCase());
    if (taken) {
      return { outcome: 'attention', note: `needs a new user name: ${item.userPrincipalName} now belongs to ${taken.displayName}`, needs: 'newUserPrincipalName', work };
    }
  }
  const addresses = [...new Set([...(item.mail ? [item.mail.toLowerCase()] : []), ...(item.emailAddresses ?? [])])];
  for (const address of addresses) {
    const owner = active.byMail.get(address) ?? active.byAddress.get(address);
    // Reached only when the user name is free or replaced, so any active holder of an address is a conflict.
    if (!owner) continue;
    const asNewName = row.newUserPrincipalName ? ` as ${row.newUserPrincipalName}` : '';
    if (row.autoReconcileProxyConflict) {
      return { outcome: 'ready', note: `will be restored${asNewName}; ${address} is removed from it because ${owner.displayName} uses it`, work };
    }
    const then = row.newUserPrincipalName ? ` (then restored as ${row.newUserPrincipalName})` : '';
    return { outcome: 'attention', note: `needs proxy reconciliation: ${address} is used by ${owner.displayName}${then}`, needs: 'proxyReconciliation', work };
  }
  return { outcome: 'ready', note: row.newUserPrincipalName ? `will be restored as ${row.newUserPrincipalName}` : 'will be restored', work };
}

function workFor(item: DeletedObject, row: Partial<Pick<RestoreRow, 'newUserPrincipalName' | 'autoReconcileProxyConflict'>>): Record<string, string> {
  const work: Record<string, string> = { id: item.id, type: item.type, label: describeDeletedObject(item) };
  if (item.type === 'user' && row.newUserPrincipalName) work.newUserPrincipalName = row.newUserPrincipalName;
  if (item.type === 'user' && row.autoReconcileProxyConflict) work.autoReconcileProxyConflict = 'true';
  if (item.type === 'group' && item.isAssignableToRole) work.roleAssignable = 'true';
  return work;
}

/** The role requirement of one planned restore, from its work. */
function restoreRequirementOf(work: Record<string, string>): RoleRequirement {
  return work.roleAssignable === 'true' ? ROLE_ASSIGNABLE_GROUPS : RESTORE_ROLES[(work.type as DirectoryObjectType | undefined) ?? 'user'];
}

function restoreBody(work: Record<string, string>): Record<string, unknown> | undefined {
  if (work.type !== 'user') return undefined;
  const body: Record<string, unknown> = {};
  if (work.newUserPrincipalName) body.newUserPrincipalName = work.newUserPrincipalName;
  if (work.autoReconcileProxyConflict === 'true') body.autoReconcileProxyConflict = true;
  return Object.keys(body).length > 0 ? body : undefined;
}

/** A restored row records the object and its type: undo deletes exactly that object again. */
function withRestoredDetails(work: Record<string, string>, result: RowResult): RowResult {
  if (result.status !== 'succeeded' || !work.id) return result;
  return { ...result, details: { ...result.details, restoredObjectId: work.id, objectType: work.type ?? 'user' } };
}

export const restoreOperation: BulkOperation<RestoreRow> & { planWith: typeof planRestore } = {
  kind: 'restore',
  title: 'Restore deleted objects',
  destructive: false,
  // What an undo deletes again: exactly the objects this job restored.
  resultColumns: [
    { key: 'restoredObjectId', header: 'Restored object ID', forUndo: true },
    { key: 'objectType', header: 'Object type', forUndo: true },
  ],
  plan: (rows, ctx) => planRestore(rows, ctx, { includeServicePrincipals: ctx.options?.includeServicePrincipals ?? true }),
  planWith: planRestore,
  toRequest(work) {
    const body = restoreBody(work);
    return {
      method: 'POST',
      url: `/directory/deletedItems/${work.id}/restore`,
      ...(body ? { body } : {}),
      operation: 'restore',
      context: {
        target: work.label ?? work.id,
        objectType: (work.type as DirectoryObjectType | undefined) ?? 'user',
        ...(work.roleAssignable === 'true' ? { roleAssignableGroup: true } : {}),
        requiredRoles: rolesText(restoreRequirementOf(work)),
      },
    };
  },
  interpret(work, result: BatchItemResult): RowResult {
    return withRestoredDetails(work, interpretCommon(result, () => succeeded(work.id, work.newUserPrincipalName ? `restored as ${work.newUserPrincipalName}` : undefined)));
  },
  goalMayBeReached: isNotFound,
  async reconcile(work, graph: GraphClient, { signal, history } = {}) {
    const deleted = await graph.request({ url: `/directory/deletedItems/${work.id}?$select=id`, signal, operation: 'read' });
    if (deleted.ok) return undefined;
    if (!isNotFound(deleted.error)) return undefined;
    const active = await graph.request({ url: `${ACTIVE_PATH[(work.type as DirectoryObjectType | undefined) ?? 'user']}/${work.id}?$select=id`, signal, operation: 'read' });
    if (!active.ok) return undefined;
    return withRestoredDetails(
      work,
      goalReached(history, work.id, {
        byEarlierAttempt: 'already restored (the earlier attempt went through)',
        already: 'is already active again (restored before this job ran); nothing was changed',
      }),
    );
  },
};
