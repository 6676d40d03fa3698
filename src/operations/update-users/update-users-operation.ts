import type { GraphClient } from '../../graph/graph-client';
import { matchColumns } from '../../csv/match-columns';
import { parseHeaderCell } from '../../csv/read-csv';
import { findActiveUsers, lookupRef } from '../active-user-lookup';
import type { BulkOperation, OperationPlan, PlanContext, RowPlan } from '../bulk-operation';
import { interpretCommon, isNotFound, succeeded } from '../bulk-operation';
import { checkRoles, rolesText } from '../directory-roles';
import type { MemberRef } from '../field-rules';
import { checkUserTargets } from '../user-target-checks';
import { readCurrentUsers, userKey } from './current-users';
import { describeRefusals, refusedCells } from './property-rules';
import type { CellChange } from './user-diff';
import { describeChanges, patchBody, propertyChanges, valuesJson } from './user-diff';
import type { UpdatableProperty, UpdateUserRow } from './update-users-row';
import { updateUsersTemplate } from './update-users-row';

export const UPDATE_USER_ROLES = { action: 'update users', anyOf: ['userAdministrator'] } as const;

const GRAPH_USERS = 'https://graph.microsoft.com/v1.0/users/';

type PlanInput = Parameters<BulkOperation<UpdateUserRow>['plan']>[0][number];

function refText(ref: MemberRef): string {
  return ref.by === 'id' ? ref.id : ref.userPrincipalName;
}

/** The file's columns this kind does not write (read-only ones like mail, or unknown ones), as the admin wrote them. */
function ignoredColumns(rows: readonly PlanInput[]): string[] {
  const headers = Object.keys(rows[0]?.input ?? {}).map((text, index) => parseHeaderCell(text, index));
  return matchColumns(updateUsersTemplate, headers).ignored.map((h) => h.text);
}

/** "department 5 cells, manager 5 cells" */
function cellCounts(changes: readonly CellChange[][]): string {
  const counts = new Map<string, number>();
  for (const row of changes) for (const c of row) counts.set(c.property, (counts.get(c.property) ?? 0) + 1);
  return [...counts].map(([property, n]) => `${property} ${n} ${n === 1 ? 'cell' : 'cells'}`).join(', ');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export const updateUsersOperation: BulkOperation<UpdateUserRow> = {
  kind: 'update-users',
  title: 'Update users',
  destructive: false,
  resultColumns: [
    { key: 'userId', header: 'User ID', forUndo: true },
    { key: 'changes', header: 'Changes' },
    { key: 'oldValues', header: 'Old values' },
    { key: 'newValues', header: 'New values' },
  ],
  async plan(rows, ctx: PlanContext): Promise<OperationPlan> {
    const properties = [...new Set(rows.flatMap((r) => Object.keys(r.row.changes) as UpdatableProperty[]))];
    const withManager = rows.some((r) => r.row.manager !== undefined);
    const current = await readCurrentUsers(ctx.graph, rows.map((r) => r.row.target), properties, withManager, ctx.signal);
    const managerRefs = rows.flatMap((r) => (r.row.manager ? [r.row.manager] : []));
    const managers = managerRefs.length > 0
      ? await findActiveUsers(
          ctx.graph,
          {
            ids: managerRefs.flatMap((m) => (m.by === 'id' ? [m.id] : [])),
            userPrincipalNames: managerRefs.flatMap((m) => (m.by === 'userPrincipalName' ? [m.userPrincipalName] : [])),
          },
          ctx.signal,
        )
      : undefined;

    const seen = new Set<string>();
    const changing = new Map<string, CellChange[]>();
    let unchanged = 0;
    let notFound = 0;
    let syncedUsers = 0;
    const planned: RowPlan[] = rows.flatMap(({ rowIndex, line, input, row }): RowPlan[] => {
      const base = { rowIndex, ...(line !== undefined ? { line } : {}), input };
      const user = current.get(userKey(row.target));
      if (!user) {
        notFound++;
        return [{ ...base, label: refText(row.target), outcome: 'fail', note: 'not found: no active user has that user name or object ID' }];
      }
      const label = `${user.displayName} (${user.userPrincipalName})`;
      if (seen.has(user.id)) return [{ ...base, label, outcome: 'skip', note: 'is already updated by an earlier row of this file' }];
      seen.add(user.id);
      const wanted = propertyChanges(row.changes, user.values);
      let managerChange: CellChange | undefined;
      let managerId: string | undefined;
      if (row.manager !== undefined) {
        const manager = row.manager === null ? null : managers ? lookupRef(managers, row.manager) : undefined;
        if (manager === undefined && row.manager !== null) {
          return [{ ...base, label, outcome: 'fail', note: `manager ${refText(row.manager)} is not an active user (check the spelling)` }];
        }
        if (manager && manager.id.toLowerCase() === user.id.toLowerCase()) return [{ ...base, label, outcome: 'fail', note: 'a user cannot be their own manager' }];
        const oldId = user.manager?.id.toLowerCase() ?? null;
        const newId = manager ? manager.id.toLowerCase() : null;
        if (oldId !== newId) {
          managerChange = { property: 'manager', old: user.manager?.userPrincipalName ?? null, new: manager ? manager.userPrincipalName : null };
          managerId = manager?.id;
        }
      }
      const all = managerChange ? [...wanted, managerChange] : wanted;
      if (all.length === 0) {
        unchanged++;
        return [{ ...base, label, outcome: 'skip', note: 'nothing to change' }];
      }
      // Cells Graph refuses for a synced user are left out; the cloud-editable rest is still written.
      const synced = refusedCells(all.map((c) => c.property), { syncedFromOnPremises: user.syncedFromOnPremises }, ctx.caller);
      const refusedSet = new Set(synced.map((r) => r.cell));
      if (synced.length > 0) syncedUsers++;
      const refusedNote = synced.length > 0 ? `; not changed: ${describeRefusals(synced)}` : '';
      if (refusedSet.size === all.length) {
        return [{ ...base, label, outcome: 'fail', note: `can't be changed here: ${describeRefusals(synced)}` }];
      }
      const changes = wanted.filter((c) => !refusedSet.has(c.property));
      if (refusedSet.has('manager')) managerChange = undefined;
      const writable = managerChange ? [...changes, managerChange] : changes;
      changing.set(user.id.toLowerCase(), writable);
      const out: RowPlan[] = [];
      // One request per planned row: properties go in a PATCH, the manager through its own reference.
      if (changes.length > 0) {
        out.push({
          ...base,
          label,
          outcome: 'ready',
          note: `will change ${describeChanges(changes)}${refusedNote}`,
          work: { id: user.id, label, patch: JSON.stringify(patchBody(changes)), changes: describeChanges(changes), old: valuesJson(changes, 'old'), new: valuesJson(changes, 'new') },
        });
      }
      if (managerChange) {
        const cell = [managerChange];
        out.push({
          ...base,
          label,
          outcome: 'ready',
          note: `will change ${describeChanges(cell)}${changes.length === 0 ? refusedNote : ''}`,
          work: { id: user.id, label, ...(managerId ? { managerId } : {}), changes: describeChanges(cell), old: valuesJson(cell, 'old'), new: valuesJson(cell, 'new') },
        });
      }
      return out;
    });

    const roleCheck = checkRoles(UPDATE_USER_ROLES, ctx.caller);
    const notices: string[] = [];

    // Rows are stored by position, and a row changing properties and the manager became two.
    const numbered = planned.map((plan, position): RowPlan => ({ ...plan, rowIndex: position }));
    const checks = await checkUserTargets(numbered, roleCheck, ctx, 'update');
    notices.push(...checks.notices);
    // A refused admin's row names its sensitive cells and the role they need, beside what the whole update needs.
    const checked = checks.rows.map((plan, i): RowPlan => {
      const id = planned[i]?.work?.id?.toLowerCase();
      const heldRoles = id !== undefined ? checks.privileged?.get(id) : undefined;
      if (plan.blocker?.kind !== 'privileged-target' || id === undefined || !heldRoles) return plan;
      const cells = (changing.get(id) ?? []).map((c) => c.property);
      const sensitive = refusedCells(cells, { syncedFromOnPremises: false, privilegedRoles: heldRoles }, ctx.caller);
      return sensitive.length > 0 ? { ...plan, note: `${plan.note}; ${describeRefusals(sensitive)}` } : plan;
    });
    // Counted after the checks: a user whose change Graph would refuse (an admin, outside the unit) changes nothing.
    const refused = new Set(
      checked.flatMap((plan, i) => {
        const id = planned[i]?.work?.id?.toLowerCase();
        return plan.outcome === 'fail' && id !== undefined ? [id] : [];
      }),
    );
    const changed = [...changing].filter(([id]) => !refused.has(id)).map(([, cells]) => cells);
    const summary = [
      ...(changed.length > 0 ? [`${plural(changed.length, 'user changes', 'users change')}: ${cellCounts(changed)}`] : []),
      ...(refused.size > 0 ? [`${refused.size} refused (see the rows)`] : []),
      ...(unchanged > 0 ? [`${unchanged} unchanged (skipped)`] : []),
      ...(notFound > 0 ? [`${notFound} not found`] : []),
      ...(syncedUsers > 0 ? [`${plural(syncedUsers, 'user is', 'users are')} synced from on-premises Active Directory: what it masters is not changed (see the rows)`] : []),
    ];
    if (summary.length > 0) notices.unshift(`${summary.join('; ')}.`);
    const ignored = ignoredColumns(rows);
    if (ignored.length > 0) {
      notices.push(`Ignored ${ignored.length === 1 ? 'column' : 'columns'} (read-only or not an updatable property): ${ignored.join(', ')}.`);
    }
    if (roleCheck.ok && roleCheck.reason !== 'held') notices.push(roleCheck.message);
    return { kind: 'update-users', rows: checked, roleCheck, requirements: [UPDATE_USER_ROLES], notices };
  },
  toRequest(work) {
    const context = { target: work.label ?? work.id, objectType: 'user' as const, requiredRoles: rolesText(UPDATE_USER_ROLES) };
    if (work.patch !== undefined) return { method: 'PATCH', url: `/users/${work.id}`, body: JSON.parse(work.patch) as unknown, context };
    if (work.managerId !== undefined) {
      return { method: 'PUT', url: `/users/${work.id}/manager/$ref`, body: { '@odata.id': `${GRAPH_USERS}${work.managerId}` }, context };
    }
    return { method: 'DELETE', url: `/users/${work.id}/manager/$ref`, context };
  },
  interpret(work, result) {
    return interpretCommon(result, () => ({
      ...succeeded(work.id, `changed ${work.changes ?? ''}`),
      details: { userId: work.id ?? '', changes: work.changes ?? '', oldValues: work.old ?? '', newValues: work.new ?? '' },
    }));
  },
  // Removing a manager the user no longer has answers 404: the goal is reached, which reconcile checks.
  goalMayBeReached: isNotFound,
  async reconcile(work, graph: GraphClient, { signal } = {}) {
    if (work.patch !== undefined || work.managerId !== undefined) return undefined;
    const manager = await graph.request({ url: `/users/${work.id}/manager?$select=id`, signal, operation: 'read' });
    if (manager.ok || !isNotFound(manager.error)) return undefined;
    return { ...succeeded(work.id, 'has no manager'), details: { userId: work.id ?? '', changes: work.changes ?? '', oldValues: work.old ?? '', newValues: work.new ?? '' } };
  },
};
