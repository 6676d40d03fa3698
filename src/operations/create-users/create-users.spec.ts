import { describe, expect, it } from 'vitest';
import { createUsersOperation } from './create-users-operation';
import { refused } from '../../../test/support/refused-request';

const ALAIN = {
  displayName: 'Alain Charon',
  userPrincipalName: 'alain@contoso.com',
  mailNickname: 'alain',
  password: 'Password1!',
  accountEnabled: 'false',
  jobTitle: 'Software Engineer',
  businessPhone: '+1 425 555 0100',
};

describe('create-users', () => {
  it('posts the user with a password to change at first sign-in', () => {
    expect(createUsersOperation.toRequest(ALAIN)).toEqual({
      method: 'POST',
      url: '/users',
      body: {
        accountEnabled: false,
        displayName: 'Alain Charon',
        mailNickname: 'alain',
        userPrincipalName: 'alain@contoso.com',
        passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Password1!' },
        jobTitle: 'Software Engineer',
        businessPhones: ['+1 425 555 0100'],
      },
      operation: 'create-user',
      context: { target: 'alain@contoso.com', objectType: 'user', requiredRoles: 'User Administrator' },
    });
  });

  it("reads a refused password as the tenant's password policy", () => {
    const result = refused(createUsersOperation, ALAIN, {
      status: 400,
      code: 'Request_BadRequest',
      message: 'The specified password does not comply with password complexity requirements.',
    });
    expect(createUsersOperation.interpret(ALAIN, result)).toEqual({
      status: 'failed',
      reason:
        "The initial password for alain@contoso.com does not meet the tenant's password policy: use at least 8 " +
        'characters with three of upper case, lower case, digits and symbols, not containing the user name.',
      graphCode: 'Request_BadRequest',
    });
  });
});
