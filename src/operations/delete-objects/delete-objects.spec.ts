import { describe, expect, it } from 'vitest';
import { deleteObjectsOperation } from './delete-objects-operation';
import { refused } from '../../../test/support/refused-request';

const SALES = { id: 'g1', type: 'group', label: 'Sales (group)' };
const APP = { id: 'a1', type: 'application', label: 'Payroll (app registration)' };
const UNIT = { id: 'au1', type: 'administrativeUnit', label: 'Paris (administrative unit)' };

describe('delete-objects', () => {
  it('soft-deletes each object where it lives while active', () => {
    expect(deleteObjectsOperation.toRequest(SALES)).toEqual({
      method: 'DELETE',
      url: '/groups/g1',
      context: { target: 'Sales (group)', objectType: 'group', requiredRoles: 'Groups Administrator or User Administrator' },
    });
    expect(deleteObjectsOperation.toRequest(APP).url).toBe('/applications/a1');
    expect(deleteObjectsOperation.toRequest(UNIT).url).toBe('/directory/administrativeUnits/au1');
    expect(deleteObjectsOperation.toRequest({ id: 'sp1', type: 'servicePrincipal' }).url).toBe('/servicePrincipals/sp1');
    expect(deleteObjectsOperation.toRequest({ id: 'u1', type: 'user' })).toMatchObject({ url: '/users/u1', operation: 'delete-user' });
    expect(deleteObjectsOperation.toRequest({ ...SALES, roleAssignable: 'true' }).context).toMatchObject({ roleAssignableGroup: true, requiredRoles: 'Privileged Role Administrator' });
  });

  it('records the deleted object and its type, so that undoing the delete restores exactly it', () => {
    const ok = { outcome: 'succeeded' as const, status: 204, body: undefined, headers: {}, item: { key: '0', request: { method: 'DELETE' as const, url: '/groups/g1' } }, attempts: 1, uncertainEarlierAttempt: false };
    expect(deleteObjectsOperation.interpret(SALES, ok)).toEqual({ status: 'succeeded', objectId: 'g1', reason: 'moved to the recycle bin', details: { deletedObjectId: 'g1', objectType: 'group' } });
  });

  it('reads a 404 as an object that is no longer active', () => {
    const result = refused(deleteObjectsOperation, SALES, { status: 404, code: 'Request_ResourceNotFound', message: "Resource 'g1' does not exist." });
    expect(deleteObjectsOperation.interpret(SALES, result)).toMatchObject({ status: 'failed', reason: 'Sales (group) was not found among active objects (it may already be deleted).' });
  });
});
