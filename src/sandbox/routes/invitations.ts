import { authorize, isAllowed } from '../authorization';
import { fail, forbidden } from '../graph-error';
import { buildUser } from '../tenant/builders';
import type { StoredUser } from '../tenant/entities';
import type { GraphRequest, Route, SandboxServices } from './context';
import { jsonBody, route } from './context';
import { contextUrl } from './listing';
import { rejectUnknownProperties } from './validation';

const FORBIDDEN_EMAIL_CHARACTERS = /[~!#$%^&*()+=[\]{}\\/|;:"<>?,\s]/;

function invitationError(message: string): never {
  return fail(400, 'BadRequest', message);
}

export function validateInviteeEmail(value: unknown): string {
  if (value === undefined || value === null || value === '') invitationError('The invitedUserEmailAddress property is required.');
  if (typeof value !== 'string') return invitationError('The invitedUserEmailAddress property must be a string.');
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.includes('+')) invitationError('The Primary SMTP Address is an invalid value.');
  const validLocal = local.length > 0 && !FORBIDDEN_EMAIL_CHARACTERS.test(local) && !/^[.-]|[.-]$/.test(local);
  const validDomain = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(domain);
  if (at <= 0 || !validLocal || !validDomain) invitationError(`The email address '${value}' is not valid.`);
  return value;
}

function validateRedirectUrl(value: unknown): string {
  if (value === undefined || value === null || value === '') invitationError('The inviteRedirectUrl property is required.');
  if (typeof value !== 'string') return invitationError('The inviteRedirectUrl property must be a string.');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invitationError(`The inviteRedirectUrl '${value}' is not a valid absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') invitationError(`The inviteRedirectUrl '${value}' is not a valid absolute URL.`);
  return value;
}

function invitedUserMessageInfo(value: unknown): { messageLanguage: string | null; customizedMessageBody: string | null; ccRecipients: unknown[] } {
  if (value === undefined || value === null) return { messageLanguage: null, customizedMessageBody: null, ccRecipients: [] };
  if (typeof value !== 'object' || Array.isArray(value)) return invitationError('The invitedUserMessageInfo property must be an object.');
  const info = value as Record<string, unknown>;
  const text = (key: string): string | null => {
    const item = info[key];
    if (item === undefined || item === null) return null;
    return typeof item === 'string' ? item : invitationError(`The invitedUserMessageInfo.${key} property must be a string.`);
  };
  const cc = info.ccRecipients ?? [];
  if (!Array.isArray(cc)) return invitationError('The invitedUserMessageInfo.ccRecipients property must be an array.');
  if (cc.length > 1) invitationError('Currently only 1 additional recipient is supported.');
  return { messageLanguage: text('messageLanguage'), customizedMessageBody: text('customizedMessageBody'), ccRecipients: cc };
}

function findByEmail(users: Iterable<[number, StoredUser]>, email: string): StoredUser | undefined {
  const wanted = email.toLowerCase();
  for (const [, user] of users) {
    const data = user.data;
    if (
      data.mail?.toLowerCase() === wanted ||
      data.otherMails.some((mail) => mail.toLowerCase() === wanted) ||
      (data.userType === 'Member' && (user.originalUpn ?? data.userPrincipalName).toLowerCase() === wanted)
    ) {
      return user;
    }
  }
  return undefined;
}

function createInvitation(request: GraphRequest, services: SandboxServices) {
  const { state } = services;
  authorize('invitation.create', request.caller);
  if (state.allowInvitesFrom === 'none') {
    fail(403, 'Authorization_RequestDenied', 'Guest invitations not allowed for your company. Contact your company administrator for more details.');
  }
  if (services.invitationBudget().blocked) {
    fail(403, 'Authorization_RequestDenied', 'Invitations are blocked for this tenant because of suspicious activity. Contact Microsoft support to lift the block.');
  }
  const body = jsonBody(request);
  rejectUnknownProperties(
    body,
    new Set(['invitedUserEmailAddress', 'inviteRedirectUrl', 'invitedUserDisplayName', 'invitedUserType', 'sendInvitationMessage', 'invitedUserMessageInfo', 'resetRedemption', 'invitedUser']),
  );
  const email = validateInviteeEmail(body.invitedUserEmailAddress);
  const redirect = validateRedirectUrl(body.inviteRedirectUrl);
  const userType = body.invitedUserType ?? 'Guest';
  if (userType !== 'Guest' && userType !== 'Member') invitationError("The invitedUserType must be 'Guest' or 'Member'.");
  if (userType === 'Member' && !isAllowed('user.create', request.caller)) forbidden();
  const displayName = typeof body.invitedUserDisplayName === 'string' ? body.invitedUserDisplayName : null;
  const messageInfo = invitedUserMessageInfo(body.invitedUserMessageInfo);

  const indexed = state.addressIndex.get(email.toLowerCase()) ?? state.upnIndex.get(email.toLowerCase());
  let invited = indexed === undefined ? undefined : state.users.active.get(indexed);
  if (invited && invited.data.userType === 'Member') {
    invitationError(`The invited user ${email} already exists in the directory as a member of this organization.`);
  }
  if (!invited && findByEmail(state.users.iterate('deleted'), email)) {
    invitationError(`The invited user ${email} already exists in the directory. Restore or permanently delete the deleted user first.`);
  }
  if (!invited) {
    const domain = state.info.domain;
    const guest = buildUser({
      id: services.newId(),
      displayName: displayName ?? email.split('@')[0] ?? email,
      userPrincipalName: `${email.replace('@', '_')}#EXT#@${domain}`,
      createdMs: services.clock.now(),
      userType,
      mail: email,
      otherMails: [email],
      proxyAddresses: [`SMTP:${email}`],
      creationType: 'Invitation',
      externalUserState: 'PendingAcceptance',
    });
    guest.data.mailNickname = email.replace('@', '_');
    state.addUser(guest);
    invited = guest;
  }
  state.invitationsSent += 1;
  const status = invited.data.externalUserState === 'Accepted' ? 'Completed' : 'PendingAcceptance';
  const redeem = `https://invitations.microsoft.com/redeem/?tenant=${state.info.tenantId}&user=${invited.data.id}&ticket=${services.newId()}`;
  return {
    status: 201,
    body: {
      '@odata.context': contextUrl(services, 'invitations', undefined, true),
      id: services.newId(),
      inviteRedeemUrl: `https://login.microsoftonline.com/redeem?rd=${encodeURIComponent(redeem)}`,
      invitedUserDisplayName: displayName,
      invitedUserType: userType,
      invitedUserEmailAddress: email,
      sendInvitationMessage: body.sendInvitationMessage === true,
      resetRedemption: body.resetRedemption === true,
      inviteRedirectUrl: redirect,
      status,
      invitedUserMessageInfo: messageInfo,
      invitedUser: { id: invited.data.id },
    },
  };
}

export const invitationRoutes: Route[] = [route('POST', '/invitations', createInvitation, { write: true, invitation: true })];
