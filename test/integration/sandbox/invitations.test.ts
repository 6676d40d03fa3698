import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import { SandboxTestClient } from './sandbox-test-client';

const P = CONTOSO_PEOPLE;
const admin = P.modAdministrator.userPrincipalName;
const inviter = P.lidiaHolloway.userPrincipalName;
const helpdesk = P.leeGu.userPrincipalName;
const plain = P.diegoSiciliani.userPrincipalName;
const redirect = 'https://myapps.microsoft.com';

describe('sandbox POST /invitations', () => {
  let client: SandboxTestClient;

  beforeEach(async () => {
    client = await SandboxTestClient.start();
  });

  afterEach(async () => {
    await client.stop();
  });

  it('invites a guest as a Guest Inviter: 201, PendingAcceptance, inviteRedeemUrl and a new guest user', async () => {
    const response = await client.post(inviter, '/invitations', {
      invitedUserEmailAddress: 'admin@fabrikam.com',
      inviteRedirectUrl: redirect,
      invitedUserDisplayName: 'Admin Fabrikam',
    });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('PendingAcceptance');
    expect(response.body.invitedUserType).toBe('Guest');
    expect(String(response.body.inviteRedeemUrl)).toMatch(/^https:\/\/login\.microsoftonline\.com\/redeem\?rd=/);
    const invitedUser = response.body.invitedUser as { id: string };
    const guest = await client.get(admin, `/users/${invitedUser.id}?$select=userType,userPrincipalName,mail,displayName,creationType`);
    expect(guest.body.userType).toBe('Guest');
    expect(guest.body.userPrincipalName).toBe('admin_fabrikam.com#EXT#@contoso.onmicrosoft.com');
    expect(guest.body.mail).toBe('admin@fabrikam.com');
    expect(guest.body.creationType).toBe('Invitation');
  });

  it('returns the existing guest when the address was already invited', async () => {
    const first = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'twice@fabrikam.com', inviteRedirectUrl: redirect });
    const second = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'twice@fabrikam.com', inviteRedirectUrl: redirect });
    expect(second.status).toBe(201);
    expect((second.body.invitedUser as { id: string }).id).toBe((first.body.invitedUser as { id: string }).id);
    const state = await client.control('GET', '/_sandbox/state');
    expect(state.body.invitationsSent).toBe(2);
  });

  it('refuses to invite an existing member', async () => {
    const response = await client.post(inviter, '/invitations', { invitedUserEmailAddress: P.joniSherman.userPrincipalName, inviteRedirectUrl: redirect });
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/already exists in the directory/);
  });

  it('refuses an address held by a deleted guest still in the recycle bin', async () => {
    const response = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'kim@fabrikam.com', inviteRedirectUrl: redirect });
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/already exists in the directory/);
  });

  it('validates the email address', async () => {
    for (const email of ['not-an-email', 'a(b)@fabrikam.com', '.dot@fabrikam.com', 'x@nodot', '']) {
      const response = await client.post(inviter, '/invitations', { invitedUserEmailAddress: email, inviteRedirectUrl: redirect });
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('BadRequest');
    }
    const plus = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'a+b@fabrikam.com', inviteRedirectUrl: redirect });
    expect(plus.status).toBe(400);
    expect(plus.body.error?.message).toBe('The Primary SMTP Address is an invalid value.');
  });

  it('validates the redirect URL', async () => {
    for (const url of [undefined, 'myapps', 'ftp://files.contoso.com']) {
      const response = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'ok@fabrikam.com', inviteRedirectUrl: url });
      expect(response.status).toBe(400);
      expect(response.body.error?.message).toMatch(/inviteRedirectUrl/);
    }
  });

  it('echoes invitedUserMessageInfo and allows at most one cc recipient', async () => {
    const cc = { emailAddress: { address: 'boss@contoso.com', name: 'Boss' } };
    const ok = await client.post(inviter, '/invitations', {
      invitedUserEmailAddress: 'msg@fabrikam.com',
      inviteRedirectUrl: redirect,
      sendInvitationMessage: true,
      invitedUserMessageInfo: { customizedMessageBody: 'Welcome', ccRecipients: [cc] },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.sendInvitationMessage).toBe(true);
    expect(ok.body.invitedUserMessageInfo).toEqual({ messageLanguage: null, customizedMessageBody: 'Welcome', ccRecipients: [cc] });
    const two = await client.post(inviter, '/invitations', {
      invitedUserEmailAddress: 'msg2@fabrikam.com',
      inviteRedirectUrl: redirect,
      invitedUserMessageInfo: { ccRecipients: [cc, cc] },
    });
    expect(two.status).toBe(400);
  });

  it('refuses a Helpdesk Administrator and a plain user', async () => {
    for (const caller of [helpdesk, plain]) {
      const response = await client.post(caller, '/invitations', { invitedUserEmailAddress: 'ok@fabrikam.com', inviteRedirectUrl: redirect });
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('Authorization_RequestDenied');
    }
  });

  it('lets only company admins invite with invitedUserType Member', async () => {
    const denied = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'm@fabrikam.com', inviteRedirectUrl: redirect, invitedUserType: 'Member' });
    expect(denied.status).toBe(403);
    const ok = await client.post(admin, '/invitations', { invitedUserEmailAddress: 'm@fabrikam.com', inviteRedirectUrl: redirect, invitedUserType: 'Member' });
    expect(ok.status).toBe(201);
  });

  it('blocks invitations after N when the fault is set', async () => {
    await client.control('POST', '/_sandbox/faults', { invitationBlockAfter: 1 });
    const first = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'one@fabrikam.com', inviteRedirectUrl: redirect });
    expect(first.status).toBe(201);
    const second = await client.post(inviter, '/invitations', { invitedUserEmailAddress: 'two@fabrikam.com', inviteRedirectUrl: redirect });
    expect(second.status).toBe(403);
    expect(second.body.error?.message).toMatch(/blocked/);
  });
});
