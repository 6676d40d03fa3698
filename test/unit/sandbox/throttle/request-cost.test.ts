import { describe, it, expect } from 'vitest';
import { isWriteMethod, requestCost } from '../../../../src/sandbox/throttle/request-cost';

const cost = (method: string, url: string): number => {
  const [path = '', query = ''] = url.split('?');
  return requestCost({ method, path, query: new URLSearchParams(query) });
};

describe('requestCost (identity and access cost table)', () => {
  it('charges the documented base costs', () => {
    expect(cost('GET', '/v1.0/users')).toBe(2);
    expect(cost('GET', '/users/AdeleV@contoso.onmicrosoft.com')).toBe(2);
    expect(cost('GET', '/v1.0/applications')).toBe(2);
    expect(cost('GET', '/v1.0/groups/g1/members')).toBe(3);
    expect(cost('GET', '/v1.0/groups/g1/transitiveMembers')).toBe(5);
    expect(cost('GET', '/v1.0/me/memberOf')).toBe(2);
    expect(cost('GET', '/v1.0/users/u1/transitiveMemberOf')).toBe(2);
    expect(cost('GET', '/v1.0/subscribedSkus')).toBe(3);
    expect(cost('GET', '/v1.0/directory/deletedItems/microsoft.graph.user')).toBe(1);
    expect(cost('GET', '/v1.0/groups')).toBe(1);
  });

  it('charges writes 1 resource unit', () => {
    expect(cost('POST', '/v1.0/users')).toBe(1);
    expect(cost('PATCH', '/v1.0/groups/g1')).toBe(1);
    expect(cost('DELETE', '/v1.0/directory/deletedItems/x')).toBe(1);
    expect(cost('POST', '/v1.0/directory/deletedItems/x/restore')).toBe(1);
    expect(cost('POST', '/v1.0/invitations')).toBe(1);
  });

  it('applies the $select, $expand and small-$top modifiers, never below 1', () => {
    expect(cost('GET', '/v1.0/users?$select=id,displayName&$top=999')).toBe(1);
    expect(cost('GET', '/v1.0/users?$select=id&$top=5')).toBe(1);
    expect(cost('GET', '/v1.0/groups/g1/members?$select=id&$top=10')).toBe(1);
    expect(cost('GET', '/v1.0/groups/g1/transitiveMembers?$select=id')).toBe(4);
    expect(cost('GET', '/v1.0/users?$expand=manager')).toBe(3);
    expect(cost('GET', '/v1.0/users?$top=19')).toBe(1);
    expect(cost('GET', '/v1.0/users?$top=20')).toBe(2);
    expect(cost('GET', '/v1.0/users?select=id')).toBe(1);
  });

  it('prices getByIds at 5, or 2 with $select', () => {
    expect(cost('POST', '/v1.0/directoryObjects/getByIds')).toBe(5);
    expect(cost('POST', '/v1.0/directoryObjects/getByIds?$select=id')).toBe(2);
  });

  it('knows which methods are writes', () => {
    expect(['POST', 'patch', 'PUT', 'DELETE'].every(isWriteMethod)).toBe(true);
    expect(isWriteMethod('GET')).toBe(false);
  });
});
