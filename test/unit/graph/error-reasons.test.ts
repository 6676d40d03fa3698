import { describe, expect, it } from 'vitest';
import { explainGraphError } from '../../../src/graph/error-reasons';
import type { ErrorCategory, ErrorFacts, ErrorHint, GraphOperation, HintSlot } from '../../../src/graph/error-reasons';
import { GraphError, graphErrorFromResponse } from '../../../src/graph/graph-error';
import type { BulkKind } from '../../../src/operations/catalogue';
import { withErrorHints } from '../../../src/operations/catalogue';
import { addGroupMembersOperation } from '../../../src/operations/group-membership';
import { inviteOperation } from '../../../src/operations/invite/invite-operation';
import { restoreOperation } from '../../../src/operations/restore/restore-operation';

const NOT_FOUND = "Resource '7a1c' does not exist or one of its queried reference-property objects are not present.";
const DENIED = 'Insufficient privileges to complete the operation.';

// The kind whose requests carry each label: its error hints travel in the request's context, as executePlanRows sends them.
const KIND_SENDING: Partial<Record<GraphOperation, BulkKind>> = {
  restore: 'restore',
  purge: 'purge',
  invite: 'invite',
  'create-user': 'create-users',
  'delete-user': 'delete-users',
  'add-member': 'add-group-members',
  'remove-member': 'remove-group-members',
};

function asSent(facts: ErrorFacts): ErrorFacts {
  const kind = facts.operation ? KIND_SENDING[facts.operation] : undefined;
  return kind ? { ...facts, context: withErrorHints(kind, facts.context) } : facts;
}

interface Case {
  name: string;
  facts: ErrorFacts;
  category: ErrorCategory;
  mentions: RegExp[];
  stopsRun?: boolean;
  retryable?: boolean;
}

const cases: Case[] = [
  {
    name: 'restore of an id that is not in the recycle bin (past the 30-day window)',
    facts: { status: 404, code: 'Request_ResourceNotFound', message: NOT_FOUND, operation: 'restore', context: { target: 'adele@contoso.com' } },
    category: 'not-found',
    mentions: [/adele@contoso\.com/, /30 days/, /recycle bin/],
  },
  {
    name: 'UPN taken by an active user on restore',
    facts: {
      status: 400,
      code: 'Request_BadRequest',
      message: 'Another object with the same value for property userPrincipalName already exists.',
      details: [{ code: 'ObjectConflict', target: 'userPrincipalName' }],
      operation: 'restore',
      context: { target: 'alain@contoso.com' },
    },
    category: 'upn-conflict',
    mentions: [/alain@contoso\.com is already used by an active user/, /newUserPrincipalName/],
  },
  {
    name: 'UPN conflict on create',
    facts: {
      status: 400,
      code: 'Request_BadRequest',
      message: 'Another object with the same value for property userPrincipalName already exists.',
      operation: 'create-user',
      context: { target: 'alain@contoso.com' },
    },
    category: 'upn-conflict',
    mentions: [/choose a different user name/],
  },
  {
    name: 'proxy address conflict on restore',
    facts: {
      status: 400,
      code: 'Request_BadRequest',
      message: 'Another object with the same value for property proxyAddresses already exists.',
      details: [{ code: 'ObjectConflict', target: 'proxyAddresses' }, { code: 'ConflictingObjects' }],
      operation: 'restore',
    },
    category: 'proxy-address-conflict',
    mentions: [/autoReconcileProxyConflict/],
  },
  {
    name: 'a group type that cannot be restored',
    facts: {
      status: 400,
      code: 'Request_BadRequest',
      message: 'Mail-enabled security groups cannot be restored.',
      operation: 'restore',
      context: { objectType: 'group', target: 'Finance DL' },
    },
    category: 'group-not-restorable',
    mentions: [/Finance DL can't be restored/, /Distribution lists, mail-enabled security groups and groups synced/, /Exchange admin center/],
  },
  {
    name: 'restoring users without the role',
    facts: { status: 403, code: 'Authorization_RequestDenied', message: DENIED, operation: 'restore', context: { objectType: 'user', target: 'AllanD@contoso.com' } },
    category: 'insufficient-privileges',
    mentions: [/refused to restore AllanD@contoso\.com/, /holds an admin role, only a Privileged Authentication Administrator or Global Administrator/, /otherwise you need the User Administrator role/],
  },
  {
    name: 'deleting a user Graph will not let you change',
    facts: { status: 403, code: 'Authorization_RequestDenied', message: DENIED, operation: 'delete-user' },
    category: 'insufficient-privileges',
    mentions: [/refused to delete this user/, /Privileged Authentication Administrator/],
  },
  {
    name: 'restoring a role-assignable group without the role',
    facts: {
      status: 403,
      code: 'Authorization_RequestDenied',
      message: DENIED,
      operation: 'restore',
      // What the restore operation sends with the request: the roles come from its own requirements.
      context: restoreOperation.toRequest({ id: '7a1c', type: 'group', roleAssignable: 'true' }).context,
    },
    category: 'insufficient-privileges',
    mentions: [/Privileged Role Administrator/],
  },
  {
    name: 'inviting without the role',
    facts: { status: 403, code: 'Authorization_RequestDenied', message: DENIED, operation: 'invite', context: inviteOperation.toRequest({ email: 'ana@fabrikam.com' }).context },
    category: 'insufficient-privileges',
    mentions: [/Guest Inviter/],
  },
  {
    name: 'adding members without the role',
    facts: {
      status: 403,
      code: 'Authorization_RequestDenied',
      message: DENIED,
      operation: 'add-member',
      context: addGroupMembersOperation.toRequest({ groupId: 'g1', groupName: 'Sales Team', memberId: 'u1' }).context,
    },
    category: 'insufficient-privileges',
    mentions: [/Groups Administrator/],
  },
  {
    name: 'restoring a user who holds a privileged role',
    facts: {
      status: 403,
      code: 'Authorization_RequestDenied',
      message: DENIED,
      operation: 'restore',
      context: { target: 'megan@contoso.com', targetIsPrivileged: true },
    },
    category: 'privileged-target',
    mentions: [/megan@contoso\.com holds a privileged admin role/, /Privileged Authentication Administrator/],
  },
  {
    name: 'an invalid invitation address',
    facts: { status: 400, code: 'BadRequest', message: 'The Primary SMTP Address is an invalid value.', operation: 'invite', context: { target: 'a+b@x.com' } },
    category: 'invalid-email',
    mentions: [/a\+b@x\.com is not a valid email address/],
  },
  {
    name: 'inviting someone who is already a member',
    facts: { status: 400, code: 'BadRequest', message: 'The invited user already exists in the directory as a member.', operation: 'invite' },
    category: 'existing-member',
    mentions: [/already belongs to a user in this directory/],
  },
  {
    name: 'invitations blocked for suspicious activity',
    facts: {
      status: 403,
      code: 'Forbidden',
      message: 'Invitations from this tenant are blocked due to suspicious activity.',
      operation: 'invite',
    },
    category: 'invitation-blocked',
    mentions: [/suspicious activity/, /stopped/],
    stopsRun: true,
  },
  {
    name: 'a password that fails the policy',
    facts: {
      status: 400,
      code: 'Request_BadRequest',
      message: 'The specified password does not comply with password complexity requirements. Please provide a different password.',
      operation: 'create-user',
      context: { target: 'alain@contoso.com' },
    },
    category: 'password-policy',
    mentions: [/password policy/, /alain@contoso\.com/],
  },
  {
    name: 'adding a duplicate member',
    facts: {
      status: 400,
      code: 'Request_BadRequest',
      message: "One or more added object references already exist for the following modified properties: 'members'.",
      operation: 'add-member',
      context: { target: 'lee@contoso.com', groupName: 'Sales' },
    },
    category: 'duplicate-member',
    mentions: [/lee@contoso\.com is already a member of Sales/],
  },
  {
    name: 'throttled beyond the retry bound',
    facts: { status: 429, code: 'TooManyRequests', message: 'Please retry again later.', operation: 'restore', attempts: 8 },
    category: 'throttled',
    mentions: [/after 8 attempts/, /3,000 writes per 150 seconds/],
    retryable: true,
  },
  {
    name: 'an expired token',
    facts: {
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Lifetime validation failed, the token is expired.',
      operation: 'restore',
    },
    category: 'token-expired',
    mentions: [/Sign in again/],
    stopsRun: true,
  },
  {
    name: 'a concurrency violation',
    facts: {
      status: 409,
      code: 'Directory_ConcurrencyViolation',
      message: 'Error due to concurrent requests being made to the tenant. Please wait briefly and retry.',
    },
    category: 'concurrency',
    mentions: [/at the same time/],
    retryable: true,
  },
  {
    name: 'service unavailable',
    facts: { status: 503, code: 'serviceNotAvailable', message: 'Service unavailable', attempts: 6 },
    category: 'service-unavailable',
    mentions: [/HTTP 503/, /6 attempts/],
    retryable: true,
  },
  {
    name: 'the directory quota',
    facts: { status: 400, code: 'Directory_QuotaExceeded', message: 'The directory object quota limit has been exceeded.' },
    category: 'quota-exceeded',
    mentions: [/quota/],
    stopsRun: true,
  },
  {
    name: 'a member that is not in the group',
    facts: { status: 404, code: 'Request_ResourceNotFound', message: NOT_FOUND, operation: 'remove-member', context: { target: 'joni@contoso.com' } },
    category: 'not-found',
    mentions: [/joni@contoso\.com is not a member of the group/],
  },
];

describe('explainGraphError', () => {
  it.each(cases)('explains $name', (c) => {
    const explanation = explainGraphError(asSent(c.facts));
    expect(explanation.category).toBe(c.category);
    for (const pattern of c.mentions) expect(explanation.reason).toMatch(pattern);
    expect(explanation.stopsRun).toBe(c.stopsRun ?? false);
    expect(explanation.retryable).toBe(c.retryable ?? false);
  });

  it('never shows a raw exception name and falls back to the Graph message', () => {
    const explanation = explainGraphError({ status: 500, code: 'generalException', message: 'Something odd.' });
    expect(explanation.category).toBe('unknown');
    expect(explanation.reason).toContain('Something odd.');
  });
});

describe('a request\'s error hints', () => {
  const hint = (slot: HintSlot | undefined): ErrorHint => ({ category: 'invalid-request', matches: () => true, reason: () => `hint at ${slot ?? 'answer'}`, ...(slot ? { slot } : {}) });
  const explain = (status: number, slot: HintSlot | undefined) =>
    explainGraphError({ status, code: status === 429 ? 'TooManyRequests' : 'Authorization_RequestDenied', message: 'x', context: { hints: [hint(slot)] } });

  it('are tried after the sign-in rule and, by slot, ahead of retries, of the generic refusal or of the generic answers', () => {
    expect(explainGraphError({ status: 401, code: 'InvalidAuthenticationToken', message: 'x', context: { hints: [hint('before-retries')] } }).category).toBe('token-expired');
    expect(explain(429, 'before-retries').reason).toBe('hint at before-retries');
    expect(explain(429, 'refusal').category).toBe('throttled');
    expect(explain(403, 'refusal').reason).toBe('hint at refusal');
    expect(explain(403, undefined).category).toBe('insufficient-privileges');
    expect(explainGraphError({ status: 404, code: 'Request_ResourceNotFound', message: 'x', context: { hints: [hint(undefined)] } }).reason).toBe('hint at answer');
  });
});

describe('graphErrorFromResponse', () => {
  it('reads code, message, request-id and date from innerError and walks nested inner errors', () => {
    const error = graphErrorFromResponse({
      status: 400,
      headers: { 'request-id': 'header-id' },
      body: {
        error: {
          code: 'Request_BadRequest',
          message: 'Another object with the same value for property userPrincipalName already exists.',
          innerError: {
            date: '2025-02-13T10:21:18',
            'request-id': '3a3b1bf7',
            'client-request-id': 'e5f9a304',
            innererror: { code: 'ObjectConflict' },
          },
          details: [{ target: 'userPrincipalName', code: 'ObjectConflict' }],
        },
      },
      operation: 'restore',
      context: withErrorHints('restore', { target: 'alain@contoso.com' }),
    });
    expect(error).toBeInstanceOf(GraphError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('Request_BadRequest');
    expect(error.requestId).toBe('3a3b1bf7');
    expect(error.clientRequestId).toBe('e5f9a304');
    expect(error.date).toBe('2025-02-13T10:21:18');
    expect(error.innerCodes).toEqual(['ObjectConflict']);
    expect(error.category).toBe('upn-conflict');
    expect(error.reason).toContain('alain@contoso.com');
  });

  it('falls back to response headers and a readable message when the body is not Graph-shaped', () => {
    const error = graphErrorFromResponse({ status: 502, headers: { 'request-id': 'r-1', date: 'Mon' }, body: '<html>Bad gateway</html>' });
    expect(error.code).toBe('HTTP502');
    expect(error.requestId).toBe('r-1');
    expect(error.message).toContain('Bad gateway');
    expect(error.retryable).toBe(true);
  });

  it('re-explains the same failure for a specific row', () => {
    const error = graphErrorFromResponse({
      status: 404,
      headers: {},
      body: { error: { code: 'Request_ResourceNotFound', message: NOT_FOUND } },
    });
    const forRow = error.explainedFor('restore', withErrorHints('restore', { target: 'adele@contoso.com' }), 3);
    expect(forRow.reason).toContain('adele@contoso.com is not in the recycle bin');
    expect(forRow.attempts).toBe(3);
    expect(forRow.code).toBe('Request_ResourceNotFound');
  });

  it('serialises without headers or tokens', () => {
    const error = graphErrorFromResponse({
      status: 401,
      headers: { authorization: 'Bearer secret-token', 'request-id': 'r-2' },
      body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } },
    });
    const json = JSON.stringify(error);
    expect(json).not.toContain('secret-token');
    expect(JSON.parse(json)).toMatchObject({ status: 401, code: 'InvalidAuthenticationToken', requestId: 'r-2', category: 'token-expired' });
  });
});
