import type { GraphClient } from '../graph/graph-client';
import { GraphError } from '../graph/graph-error';
import { listItems } from '../graph/pager';
import { findActiveUsers, lookupRef } from './active-user-lookup';
import type { BulkOperation, OperationPlan, PlanContext, RowPlan, RowResult } from './bulk-operation';
import { goalReached, interpretCommon, isNotFound, succeeded } from './bulk-operation';
import { checkRoles, heldRoleCheck, rolesText } from './directory-roles';
import { privilegedTargetPlan } from './privileged-targets';
import type { RoleCheck, RoleRequirement } from './directory-roles';
import { findGroups } from './group-lookup';
import type { GroupSummary } from './group-lookup';
import type { GroupMemberRow } from './group-member-row';

type MembershipKind = 'add-group-members' | 'remove-group-members';

export const MEMBERSHIP_ROLES = { action: 'change group membership', anyOf: ['groupsAdministrator', 'userAdministrator'] } as const;
export const ROLE_ASSIGNABLE_MEMBERSHIP = { action: 'change the members of a role-assignable group', anyOf: ['privilegedRoleAdministrator'] } as const;

/** Problems with the group itself stop the whole plan: no row could succeed. */
export class GroupPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GroupPlanError';
  }
}

/** Exactly one group by name or id, or a GroupPlanError that says what to do. */
export async function findSingleGroup(graph: GraphClient, nameOrId: string | undefined, signal?: AbortSignal): Promise<GroupSummary> {
  if (!nameOrId) throw new GroupPlanError('Say which group, e.g. "add members to Sales Team", or pass --group <name or id>.');
  const found = await findGroups(graph, nameOrId, signal);
  if (!found.ok) throw found.error;
  if (found.matches.length === 0) throw new GroupPlanError(`I can't find a group named "${nameOrId}". Check the name, or use the group's object id.`);
  if (found.matches.length > 1) {
    throw new GroupPlanError(`${found.matches.length} groups are named "${nameOrId}": use the object id of the one you mean (${found.matches.map((g) => g.id).join(', ')}).`);
  }
  return found.matches[0] as GroupSummary;
}

/** A group whose members Graph lets an admin add and remove by hand. */
export async function resolveSingleGroup(graph: GraphClient, nameOrId: string | undefined, signal?: AbortSignal): Promise<GroupSummary> {
  const group = await findSingleGroup(graph, nameOrId, signal);
  if (group.dynamic) throw new GroupPlanError(`${group.displayName} has dynamic membership: its members come from a rule and can't be added or removed by hand.`);
  if (group.synced) throw new GroupPlanError(`${group.displayName} is synchronized from on-premises Active Directory: change its members there.`);
  if (group.kind === 'Distribution list' || group.kind === 'Mail-enabled security') {
    throw new GroupPlanError(`${group.displayName} is a ${group.kind.toLowerCase()}; Microsoft Graph can't change its members. Use the Exchange admin center.`);
  }
  return group;
}

type Ownership = 'owner' | 'not-owner' | 'unknown';

/** Whether the caller owns the group, from its owner list (readable with GroupMember.ReadWrite.All or Group.ReadWrite.All). */
async function ownershipOf(graph: GraphClient, groupId: string, callerId: string, signal?: AbortSignal): Promise<Ownership> {
  try {
    for await (const owner of listItems<{ id: string }>(graph, `/groups/${groupId}/owners?$select=id&$top=999`, { signal, operation: 'read' })) {
      if (owner.id.toLowerCase() === callerId.toLowerCase()) return 'owner';
    }
  } catch (error) {
    if (error instanceof GraphError) return 'unknown';
    throw error;
  }
  return 'not-owner';
}

/** The role a change of this group's members needs (ownership aside: a second approver needs the role). */
function membershipRequirement(group: GroupSummary): RoleRequirement {
  return group.isAssignableToRole ? ROLE_ASSIGNABLE_MEMBERSHIP : MEMBERSHIP_ROLES;
}

/**
 * Groups and User Administrators may change any group's members but a role-assignable one's; a group's owners may
 * change theirs without any role (Entra "Manage groups"). Owners of role-assignable groups also need the app's
 * RoleManagement.ReadWrite.Directory, which this app does not request, so only the role decides there.
 */
async function membershipRoleCheck(ctx: PlanContext, group: GroupSummary): Promise<RoleCheck> {
  if (group.isAssignableToRole) return checkRoles(membershipRequirement(group), ctx.caller);
  const byRole = checkRoles(MEMBERSHIP_ROLES, ctx.caller);
  if (byRole.ok && byRole.reason === 'held') return byRole;
  const ownership = await ownershipOf(ctx.graph, group.id, ctx.caller.id, ctx.signal);
  if (ownership === 'owner') return heldRoleCheck(`owner of ${group.displayName}`);
  if (byRole.ok || byRole.reason === 'eligible-not-active') return byRole;
  const unread = ownership === 'unknown' ? ` (I could not read the owners of ${group.displayName} to check whether you are one)` : '';
  return {
    ok: false,
    reason: 'missing-role',
    neededRoles: [...byRole.neededRoles, `owner of ${group.displayName}`],
    message:
      `To change the members of ${group.displayName} you need the ${byRole.neededRoles.join(' or ')} role, ` +
      `or ownership of the group; you have neither${unread}. Ask an owner of ${group.displayName} or a Groups ` +
      'Administrator to make the change or to add you as an owner, or ask a Privileged Role Administrator to assign you the role.',
  };
}

function withMemberDetails(work: Record<string, string>, result: RowResult): RowResult {
  if (result.status !== 'succeeded' || !work.groupId || !work.memberId) return result;
  return { ...result, details: { ...result.details, groupId: work.groupId, memberId: work.memberId } };
}

function membershipOperation(kind: MembershipKind): BulkOperation<GroupMemberRow> {
  const adding = kind === 'add-group-members';
  return {
    kind,
    title: adding ? 'Add group members' : 'Remove group members',
    destructive: !adding,
    // What an undo reverses: this group, this member.
    resultColumns: [
      { key: 'groupId', header: 'Group ID', forUndo: true },
      { key: 'memberId', header: adding ? 'Added member ID' : 'Removed member ID', forUndo: true },
    ],
    async plan(rows, ctx: PlanContext): Promise<OperationPlan> {
      const group = await resolveSingleGroup(ctx.graph, ctx.options?.group, ctx.signal);
      const members = new Set<string>();
      for await (const raw of listItems<{ id: string }>(ctx.graph, `/groups/${group.id}/members?$select=id&$top=999`, { signal: ctx.signal, operation: 'read' })) {
        members.add(raw.id.toLowerCase());
      }
      const users = await findActiveUsers(
        ctx.graph,
        {
          ids: rows.flatMap((r) => (r.row.member.by === 'id' ? [r.row.member.id] : [])),
          userPrincipalNames: rows.flatMap((r) => (r.row.member.by === 'userPrincipalName' ? [r.row.member.userPrincipalName] : [])),
        },
        ctx.signal,
      );
      const seen = new Set<string>();
      const plans: RowPlan[] = rows.map(({ rowIndex, line, input, row }) => {
        const base = { rowIndex, ...(line !== undefined ? { line } : {}), input };
        const asked = row.member.by === 'id' ? row.member.id : row.member.userPrincipalName;
        const user = lookupRef(users, row.member);
        if (!user) return { ...base, label: asked, outcome: 'fail', note: 'is not an active user in your directory' };
        const label = `${user.displayName} (${user.userPrincipalName})`;
        if (seen.has(user.id)) return { ...base, label, outcome: 'skip', note: 'appears earlier in this file' };
        seen.add(user.id);
        const isMember = members.has(user.id.toLowerCase());
        if (adding && isMember) return { ...base, label, outcome: 'skip', note: `is already a member of ${group.displayName}` };
        if (!adding && !isMember) return { ...base, label, outcome: 'skip', note: `is not a member of ${group.displayName}` };
        return {
          ...base,
          label,
          outcome: 'ready',
          note: adding ? `will be added to ${group.displayName}` : `will be removed from ${group.displayName}`,
          work: { groupId: group.id, groupName: group.displayName, memberId: user.id, label, ...(group.isAssignableToRole ? { roleAssignable: 'true' } : {}) },
        };
      });
      const roleCheck = await membershipRoleCheck(ctx, group);
      const flagged = group.isAssignableToRole ? privilegedTargetPlan({ kind: 'role-assignable-group' }, ctx.caller, adding ? 'add members to' : 'remove members from') : undefined;
      const rowsOut = flagged
        ? plans.map((plan) => {
            if (plan.outcome !== 'ready') return plan;
            const { work, ...rest } = plan;
            return flagged.outcome === 'fail' ? { ...rest, ...flagged, label: plan.label, note: `${group.displayName} ${flagged.note}` } : { ...plan, outcome: flagged.outcome, note: `${group.displayName} ${flagged.note}`, ...(work ? { work } : {}) };
          })
        : plans;
      const notices = [`Group: ${group.displayName} (${group.kind}).`];
      if (roleCheck.ok && roleCheck.reason !== 'held') notices.push(roleCheck.message);
      return { kind, rows: rowsOut, roleCheck, requirements: [membershipRequirement(group)], notices };
    },
    toRequest(work) {
      const roleAssignable = work.roleAssignable === 'true';
      const context = {
        target: work.label ?? work.memberId,
        groupName: work.groupName,
        ...(roleAssignable ? { roleAssignableGroup: true } : {}),
        requiredRoles: roleAssignable ? rolesText(ROLE_ASSIGNABLE_MEMBERSHIP) : `${rolesText(MEMBERSHIP_ROLES)}, or ownership of the group`,
      };
      return adding
        ? {
            method: 'POST',
            url: `/groups/${work.groupId}/members/$ref`,
            body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${work.memberId}` },
            operation: 'add-member',
            context,
          }
        : { method: 'DELETE', url: `/groups/${work.groupId}/members/${work.memberId}/$ref`, operation: 'remove-member', context };
    },
    interpret(work, result): RowResult {
      return withMemberDetails(work, interpretCommon(result, () => succeeded(work.memberId, adding ? `added to ${work.groupName}` : `removed from ${work.groupName}`)));
    },
    // Graph documents only "400 if the object is already a member" for adding, not the message, so any 400 is checked.
    goalMayBeReached: (error) => (adding ? error.status === 400 : isNotFound(error)),
    async reconcile(work, graph: GraphClient, { signal, history } = {}) {
      let present = false;
      try {
        for await (const member of listItems<{ id: string }>(graph, `/groups/${work.groupId}/members?$select=id&$top=999`, { signal, operation: 'read' })) {
          if (member.id === work.memberId) present = true;
        }
      } catch (error) {
        if (error instanceof GraphError) return undefined;
        throw error;
      }
      if (adding !== present) return undefined;
      return withMemberDetails(work, goalReached(
        history,
        work.memberId,
        adding
          ? { byEarlierAttempt: 'already added (the earlier attempt went through)', already: `is already a member of ${work.groupName ?? 'the group'}; nothing was changed` }
          : { byEarlierAttempt: 'already removed (the earlier attempt went through)', already: `is already not a member of ${work.groupName ?? 'the group'}; nothing was changed` },
      ));
    },
  };
}

export const addGroupMembersOperation = membershipOperation('add-group-members');
export const removeGroupMembersOperation = membershipOperation('remove-group-members');
