import type { PlanContext, RowPlan } from './bulk-operation';
import type { RoleCheck } from './directory-roles';
import { administrativeUnitMembers, loadPrivilegedPrincipals, privilegedTargetPlan } from './privileged-targets';
import type { PrivilegedPrincipals } from './privileged-targets';

/**
 * The checks Graph makes on a user a write targets, made in the dry run: a role scoped to administrative units reaches
 * only their members, and a user who holds an admin role needs more than a User Administrator (`verb`: "delete",
 * "update"). Ready rows Graph would refuse become failures (or attention) with a typed blocker; other rows are kept.
 * `privileged` is who holds which privileged roles, when it could be read.
 */
export async function checkUserTargets(
  plans: readonly RowPlan[],
  roleCheck: RoleCheck,
  ctx: PlanContext,
  verb: string,
): Promise<{ rows: RowPlan[]; notices: string[]; privileged?: PrivilegedPrincipals }> {
  const notices: string[] = [];
  const ready = plans.filter((plan) => plan.outcome === 'ready' && plan.work?.id);
  const privileged = ready.length > 0 ? await loadPrivilegedPrincipals(ctx.graph, ctx.signal) : undefined;
  if (ready.length > 0 && !privileged) notices.push("I couldn't read the tenant's role assignments, so Graph decides for users who hold admin roles.");
  const units = roleCheck.ok && roleCheck.reason === 'administrative-unit' ? roleCheck.scoped : [];
  const members = units.length > 0 ? await administrativeUnitMembers(ctx.graph, units.map((u) => u.administrativeUnitId), ctx.signal) : undefined;
  const unitNames = units.map((u) => u.administrativeUnitName ?? u.administrativeUnitId);
  const rows = plans.map((plan): RowPlan => {
    const id = plan.work?.id?.toLowerCase();
    if (plan.outcome !== 'ready' || !id) return plan;
    const { work: _work, ...rest } = plan;
    if (members && !units.some((u) => members.get(u.administrativeUnitId)?.has(id))) {
      return { ...rest, outcome: 'fail', note: `is outside your administrative unit ${unitNames.map((n) => `'${n}'`).join(', ')}, where your role applies`, blocker: { kind: 'outside-administrative-unit', administrativeUnits: unitNames } };
    }
    const heldRoles = privileged?.get(id);
    const flagged = heldRoles ? privilegedTargetPlan({ kind: 'privileged-user', heldRoles }, ctx.caller, verb) : undefined;
    if (!flagged) return plan;
    return flagged.outcome === 'fail' ? { ...rest, ...flagged } : { ...plan, ...flagged };
  });
  return { rows, notices, ...(privileged ? { privileged } : {}) };
}
