import { z } from 'zod';
import type { GraphClient } from '../../graph/graph-client';
import { findActiveUsers } from '../active-user-lookup';
import type { BulkOperation, OperationPlan, PlanContext, RowPlan } from '../bulk-operation';
import { interpretCommon, succeeded } from '../bulk-operation';
import { checkRoles, rolesText } from '../directory-roles';
import type { InviteRow } from './invite-row';

export const INVITE_ROLES = { action: 'invite guests', anyOf: ['guestInviter', 'userAdministrator'] } as const;

const invitationSchema = z.object({
  id: z.string().optional(),
  inviteRedeemUrl: z.string().optional(),
  status: z.string().optional(),
  invitedUser: z.object({ id: z.string() }).partial().optional(),
});

/**
 * The invited user and whether they existed before this job: a guest found by the dry run existed (and must survive an
 * undo); a job planned before this was recorded says nothing, and undo then leaves the guest alone.
 */
function invitedDetails(work: Record<string, string>, id: string | undefined): Record<string, string> {
  const details: Record<string, string> = {};
  if (id) details.invitedUserId = id;
  if (work.existedBefore === 'true' || work.existedBefore === 'false') details.existedBefore = work.existedBefore;
  return details;
}

export const inviteOperation: BulkOperation<InviteRow> = {
  kind: 'invite',
  title: 'Invite guests',
  destructive: false,
  // The invitation's answer does not say whether it created the guest: the dry run knows, and undo needs it.
  resultColumns: [
    { key: 'invitedUserId', header: 'Invited user ID', forUndo: true },
    { key: 'existedBefore', header: 'Guest existed before', forUndo: true },
    { key: 'inviteRedeemUrl', header: 'Redeem URL' },
  ],
  async plan(rows, ctx: PlanContext): Promise<OperationPlan> {
    const existing = await findActiveUsers(ctx.graph, { mails: rows.map((r) => r.row.email) }, ctx.signal);
    const plans: RowPlan[] = rows.map(({ rowIndex, line, input, row }) => {
      const base = { rowIndex, ...(line !== undefined ? { line } : {}), input, label: row.displayName ? `${row.displayName} <${row.email}>` : row.email };
      const work: Record<string, string> = {
        email: row.email,
        redirectUrl: row.redirectUrl,
        sendEmail: row.sendInvitationMessage ? 'true' : 'false',
        ...(row.displayName ? { displayName: row.displayName } : {}),
        ...(row.customizedMessageBody ? { message: row.customizedMessageBody } : {}),
      };
      const user = existing.byMail.get(row.email.toLowerCase());
      if (user && !/#EXT#/i.test(user.userPrincipalName)) {
        return { ...base, outcome: 'fail', note: `already belongs to a member of your directory (${user.displayName}); members can't be invited` };
      }
      if (user) return { ...base, outcome: 'attention', note: `is already a guest (${user.displayName}); Graph returns the existing guest`, work: { ...work, existedBefore: 'true' } };
      return { ...base, outcome: 'ready', note: row.sendInvitationMessage ? 'will be invited by email' : 'will be invited (no email sent)', work: { ...work, existedBefore: 'false' } };
    });
    const notices = rows.some((r) => r.row.redirectUrlDefaulted) ? ['Rows without a redirect URL send guests to https://myapplications.microsoft.com.'] : [];
    return { kind: 'invite', rows: plans, roleCheck: checkRoles(INVITE_ROLES, ctx.caller), requirements: [INVITE_ROLES], notices };
  },
  toRequest(work) {
    return {
      method: 'POST',
      url: '/invitations',
      kind: 'invitation',
      operation: 'invite',
      context: { target: work.email, requiredRoles: rolesText(INVITE_ROLES) },
      body: {
        invitedUserEmailAddress: work.email,
        inviteRedirectUrl: work.redirectUrl,
        sendInvitationMessage: work.sendEmail === 'true',
        ...(work.displayName ? { invitedUserDisplayName: work.displayName } : {}),
        ...(work.message ? { invitedUserMessageInfo: { customizedMessageBody: work.message } } : {}),
      },
    };
  },
  interpret(work, result) {
    return interpretCommon(result, (body) => {
      const invitation = invitationSchema.safeParse(body);
      const id = invitation.success ? invitation.data.invitedUser?.id : undefined;
      const outcome = succeeded(id, invitation.success && invitation.data.status ? `invitation ${invitation.data.status}` : undefined);
      outcome.details = invitedDetails(work, id);
      if (invitation.success && invitation.data.inviteRedeemUrl) outcome.details.inviteRedeemUrl = invitation.data.inviteRedeemUrl;
      return outcome;
    });
  },
  async reconcile(work, graph: GraphClient, { signal } = {}) {
    const found = await findActiveUsers(graph, { mails: [work.email ?? ''] }, signal);
    const guest = found.byMail.get((work.email ?? '').toLowerCase());
    return guest ? { ...succeeded(guest.id, 'already invited (the earlier attempt went through)'), details: invitedDetails(work, guest.id) } : undefined;
  },
};
