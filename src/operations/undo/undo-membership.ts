import { addGroupMembersOperation, removeGroupMembersOperation } from '../group-membership';
import type { OperationPlan, RowPlan } from '../bulk-operation';
import { distinctRequirements, heldRoleCheck } from '../directory-roles';
import type { InversePlanner } from './undo-plan';
import { numbered, skippedRow } from './undo-plan';

/**
 * Undo of adding or removing members: the opposite change for the same members of the same group, planned by the
 * inverse operation, whose dry run skips a member whose membership already changed back.
 */
export function undoMembership(adding: boolean): InversePlanner {
  const inverse = adding ? removeGroupMembersOperation : addGroupMembersOperation;
  return async (source, ctx) => {
    const skipped: RowPlan[] = [];
    const byGroup = new Map<string, { rowIndex: number; input: Record<string, string>; row: { member: { by: 'id'; id: string } } }[]>();
    for (const row of source.rows) {
      const { groupId, memberId } = row.details;
      if (!groupId || !memberId) {
        skipped.push(skippedRow(row, 'has no recorded group and member ids, so I leave it alone'));
        continue;
      }
      const rows = byGroup.get(groupId) ?? [];
      rows.push({ rowIndex: rows.length, input: row.input, row: { member: { by: 'id', id: memberId } } });
      byGroup.set(groupId, rows);
    }
    const plans: OperationPlan[] = [];
    for (const [group, rows] of byGroup) plans.push(await inverse.plan(rows, { ...ctx, options: { ...ctx.options, group } }));
    const [first] = plans;
    const roleCheck = plans.find((p) => !p.roleCheck.ok)?.roleCheck ?? first?.roleCheck ?? heldRoleCheck('your roles');
    const plan: OperationPlan = {
      kind: inverse.kind,
      rows: numbered([...plans.flatMap((p) => p.rows), ...skipped]),
      roleCheck,
      requirements: distinctRequirements(plans.flatMap((p) => p.requirements)),
      notices: plans.flatMap((p) => p.notices),
    };
    const groups = [...byGroup.keys()];
    return { plan, options: groups.length === 1 ? { group: groups[0] as string } : {}, changedRows: 0 };
  };
}
