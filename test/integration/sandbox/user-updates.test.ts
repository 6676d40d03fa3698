import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import { SandboxTestClient } from './sandbox-test-client';

const admin = CONTOSO_PEOPLE.modAdministrator.userPrincipalName;
const userAdmin = CONTOSO_PEOPLE.alexWilber.userPrincipalName;
const plain = CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName;
const diego = CONTOSO_PEOPLE.diegoSiciliani.id;
const lynne = CONTOSO_PEOPLE.lynneRobbins.id;
const henrietta = CONTOSO_PEOPLE.henriettaMueller.id;
const invalid = (property: string): string => `Invalid value specified for property '${property}' of resource 'User'.`;
const ref = (id: string): { '@odata.id': string } => ({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${id}` });

describe('sandbox user updates, managers, licenses and sign-in activity', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    client = await SandboxTestClient.start();
  });

  afterAll(async () => {
    await client.stop();
  });

  describe('PATCH /users/{id}', () => {
    it('sets the bulk-update properties, and null clears them', async () => {
      const body = {
        department: 'Marketing', jobTitle: 'Brand Manager', companyName: 'Contoso Ltd', employeeId: 'E-0042', employeeType: 'Contractor',
        officeLocation: '20/1102', streetAddress: '1 Main St', city: 'Lyon', state: 'Rhône', postalCode: '69001', country: 'France',
        usageLocation: 'FR', mobilePhone: '+33 6 12 34 56 78', businessPhones: ['+33 4 00 00 00 00'], givenName: 'Lynne', surname: 'Robbins',
        displayName: 'Lynne Robbins', accountEnabled: true, employeeHireDate: '2024-03-01T00:00:00Z',
      };
      expect((await client.call(admin, 'PATCH', `/users/${lynne}`, { body })).status).toBe(204);
      const read = await client.get(admin, `/users/${lynne}?$select=${Object.keys(body).join(',')}`);
      expect(read.body).toMatchObject(body);

      expect((await client.call(admin, 'PATCH', `/users/${lynne}`, { body: { department: null, employeeType: null, employeeHireDate: null } })).status).toBe(204);
      const cleared = await client.get(admin, `/users/${lynne}?$select=department,employeeType,employeeHireDate,jobTitle`);
      expect(cleared.body).toMatchObject({ department: null, employeeType: null, employeeHireDate: null, jobTitle: 'Brand Manager' });
    });

    it.each([
      ['department', 'x'.repeat(65)],
      ['jobTitle', 'x'.repeat(129)],
      ['employeeId', 'x'.repeat(17)],
      ['companyName', 'x'.repeat(65)],
      ['postalCode', 'x'.repeat(41)],
      ['displayName', 'x'.repeat(257)],
      ['givenName', 'x'.repeat(65)],
      ['mobilePhone', 'x'.repeat(65)],
      ['streetAddress', 'x'.repeat(1025)],
      ['usageLocation', 'XX'],
      ['usageLocation', 'us'],
      ['usageLocation', null],
      ['department', ''],
      ['businessPhones', ['+1 425 555 0100', '+1 425 555 0101']],
      ['employeeHireDate', 'next monday'],
      ['accountEnabled', 'yes'],
    ])('refuses %s = %j with Graph 400, changing nothing', async (property, value) => {
      const before = await client.get(admin, `/users/${henrietta}?$select=jobTitle,department`);
      const response = await client.call(admin, 'PATCH', `/users/${henrietta}`, { body: { jobTitle: 'Changed', [property]: value } });
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('Request_BadRequest');
      expect(response.body.error?.message).toBe(invalid(property));
      const after = await client.get(admin, `/users/${henrietta}?$select=jobTitle,department`);
      expect(after.body).toEqual(before.body);
    });

    it('accepts the documented maximum lengths', async () => {
      const body = { department: 'd'.repeat(64), employeeId: 'e'.repeat(16), jobTitle: 'j'.repeat(128), postalCode: 'p'.repeat(40) };
      expect((await client.call(admin, 'PATCH', `/users/${henrietta}`, { body })).status).toBe(204);
    });

    it('refuses read-only properties', async () => {
      for (const property of ['createdDateTime', 'assignedLicenses', 'signInActivity', 'proxyAddresses', 'onPremisesSyncEnabled']) {
        const response = await client.call(admin, 'PATCH', `/users/${henrietta}`, { body: { [property]: null } });
        expect(response.status, property).toBe(400);
        expect(response.body.error?.code).toBe('Request_BadRequest');
      }
    });

    it('lets a User Administrator update ordinary users but not a Global Administrator', async () => {
      expect((await client.call(userAdmin, 'PATCH', `/users/${henrietta}`, { body: { department: 'Legal' } })).status).toBe(204);
      const refused = await client.call(userAdmin, 'PATCH', `/users/${CONTOSO_PEOPLE.modAdministrator.id}`, { body: { department: 'Legal' } });
      expect(refused.status).toBe(403);
      expect(refused.body.error?.code).toBe('Authorization_RequestDenied');
      // A Privileged Role Administrator is privileged: even a Global Administrator needs Directory.AccessAsUser.All.
      const patti = CONTOSO_PEOPLE.pattiFernandez.id;
      expect((await client.call(admin, 'PATCH', `/users/${patti}`, { body: { department: 'IT' } })).status).toBe(403);
      const token = await client.tokenFor(admin, { scopes: ['User.ReadWrite.All', 'Directory.AccessAsUser.All'] });
      expect((await client.call(admin, 'PATCH', `/users/${patti}`, { body: { department: 'IT' }, token })).status).toBe(204);
      expect((await client.call(plain, 'PATCH', `/users/${henrietta}`, { body: { department: 'IT' } })).status).toBe(403);
    });

    it('refuses changing what on-premises AD masters for a synced user, and nothing of the request is applied; usageLocation stays writable', async () => {
      const enrico = CONTOSO_PEOPLE.enricoCattaneo.id;
      const before = await client.get(admin, `/users/${enrico}?$select=department,usageLocation,onPremisesSyncEnabled`);
      expect(before.body.onPremisesSyncEnabled).toBe(true);
      const synced = 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.';
      for (const body of [{ department: 'Legal' }, { usageLocation: 'FR', jobTitle: 'Buyer' }, { accountEnabled: false }, { businessPhones: [] }]) {
        const refused = await client.call(admin, 'PATCH', `/users/${enrico}`, { body });
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 'Request_BadRequest', message: synced });
      }
      for (const write of [client.call(admin, 'PUT', `/users/${enrico}/manager/$ref`, { body: ref(diego) }), client.call(admin, 'DELETE', `/users/${enrico}/manager/$ref`)]) {
        expect((await write).body.error).toMatchObject({ code: 'Request_BadRequest', message: synced });
      }
      expect((await client.get(admin, `/users/${enrico}?$select=department,usageLocation,onPremisesSyncEnabled`)).body).toEqual(before.body);
      expect((await client.call(admin, 'PATCH', `/users/${enrico}`, { body: { usageLocation: 'FR' } })).status).toBe(204);
      expect((await client.get(admin, `/users/${enrico}?$select=usageLocation`)).body.usageLocation).toBe('FR');
      expect((await client.get(admin, `/users/${CONTOSO_PEOPLE.henriettaMueller.id}?$select=onPremisesSyncEnabled`)).body.onPremisesSyncEnabled).not.toBe(true);
    });
  });

  it('runs updates and manager changes inside $batch, and audits each write', async () => {
    const json = { 'content-type': 'application/json' };
    const requests = [
      { id: '1', method: 'PATCH', url: `/users/${lynne}`, headers: json, body: { department: 'Operations', officeLocation: '18/2111' } },
      { id: '2', method: 'PUT', url: `/users/${lynne}/manager/$ref`, headers: json, body: ref(CONTOSO_PEOPLE.alexWilber.id) },
      { id: '3', method: 'PATCH', url: `/users/${CONTOSO_PEOPLE.modAdministrator.id}`, headers: json, body: { department: 'Operations' } },
      { id: '4', method: 'GET', url: `/users/${lynne}?$select=department&$expand=manager($select=id)` },
    ];
    const before = Number((await client.control('GET', '/_sandbox/audit')).body.next);
    const response = await client.post(userAdmin, '/$batch', { requests });
    const answers = (response.body.responses as { id: string; status: number; body?: Record<string, unknown> }[]).sort((a, b) => a.id.localeCompare(b.id));
    expect(answers.map((answer) => answer.status).slice(0, 3)).toEqual([204, 204, 403]);
    const audited = (await client.control('GET', `/_sandbox/audit?since=${before}`)).body.entries as { method: string; path: string; status: number }[];
    expect(audited.map((entry) => [entry.method, entry.status])).toEqual([['PATCH', 204], ['PUT', 204], ['PATCH', 403]]);
    const read = await client.get(admin, `/users/${lynne}?$select=department&$expand=manager($select=id)`);
    expect(read.body).toMatchObject({ department: 'Operations', manager: { id: CONTOSO_PEOPLE.alexWilber.id } });
  });

  describe('manager', () => {
    it('reads, sets and removes a manager through manager/$ref', async () => {
      const current = await client.get(admin, `/users/${diego}/manager?$select=id,displayName`);
      expect(current.status).toBe(200);
      expect(current.body).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: CONTOSO_PEOPLE.miriamGraham.id, displayName: 'Miriam Graham' });

      expect((await client.call(userAdmin, 'PUT', `/users/${diego}/manager/$ref`, { body: ref(CONTOSO_PEOPLE.gradyArchie.id) })).status).toBe(204);
      const expanded = await client.get(admin, `/users/${diego}?$select=displayName&$expand=manager($select=id,displayName)`);
      expect(expanded.body.manager).toEqual({ '@odata.type': '#microsoft.graph.user', id: CONTOSO_PEOPLE.gradyArchie.id, displayName: 'Grady Archie' });
      const listed = await client.get(admin, `/users?$select=id&$expand=manager($select=id)`);
      const row = listed.body.value?.find((user) => user.id === diego);
      expect(row?.manager).toEqual({ '@odata.type': '#microsoft.graph.user', id: CONTOSO_PEOPLE.gradyArchie.id });

      expect((await client.call(userAdmin, 'DELETE', `/users/${diego}/manager/$ref`)).status).toBe(204);
      const gone = await client.get(admin, `/users/${diego}/manager`);
      expect(gone.status).toBe(404);
      expect(gone.body.error?.code).toBe('Request_ResourceNotFound');
      expect((await client.call(userAdmin, 'DELETE', `/users/${diego}/manager/$ref`)).status).toBe(404);
      const none = await client.get(admin, `/users/${diego}?$expand=manager`);
      expect(none.body.manager).toBeUndefined();
    });

    it('answers Graph errors for unknown, malformed and self references', async () => {
      const unknown = await client.call(admin, 'PUT', `/users/${diego}/manager/$ref`, { body: ref('00000000-0000-4000-8000-00000000dead') });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error?.code).toBe('Request_ResourceNotFound');
      const malformed = await client.call(admin, 'PUT', `/users/${diego}/manager/$ref`, { body: { '@odata.id': 'not a reference' } });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error?.message).toBe("Invalid object identifier 'not a reference'.");
      const self = await client.call(admin, 'PUT', `/users/${diego}/manager/$ref`, { body: ref(diego) });
      expect(self.status).toBe(400);
      expect(self.body.error?.code).toBe('Request_BadRequest');
    });

    it('applies the update rules: roles, and the privileged-target rule', async () => {
      expect((await client.call(plain, 'PUT', `/users/${lynne}/manager/$ref`, { body: ref(diego) })).status).toBe(403);
      const refused = await client.call(userAdmin, 'PUT', `/users/${CONTOSO_PEOPLE.modAdministrator.id}/manager/$ref`, { body: ref(diego) });
      expect(refused.status).toBe(403);
      expect((await client.call(userAdmin, 'DELETE', `/users/${CONTOSO_PEOPLE.modAdministrator.id}/manager/$ref`)).status).toBe(403);
    });
  });

  describe('licenses', () => {
    it('lists the subscribed SKUs with seats in use, for a token with Organization.Read.All (not the scopes its docs leave out)', async () => {
      for (const scopes of [['User.Read.All'], ['LicenseAssignment.Read.All', 'User.Read.All'], ['Directory.AccessAsUser.All', 'User.Read.All']]) {
        const withoutScope = await client.tokenFor(admin, { scopes });
        expect((await client.get(admin, '/subscribedSkus', { token: withoutScope })).status, scopes.join(' ')).toBe(403);
      }
      const token = await client.tokenFor(admin, { scopes: ['Organization.Read.All', 'User.Read.All'] });
      const skus = await client.get(admin, '/subscribedSkus', { token });
      expect(skus.status).toBe(200);
      const parts = (skus.body.value ?? []).map((sku) => sku.skuPartNumber);
      expect(parts).toEqual(['ENTERPRISEPACK', 'EMS', 'SPE_E5']);
      const e5 = skus.body.value?.find((sku) => sku.skuPartNumber === 'SPE_E5');
      expect(e5).toMatchObject({ skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', consumedUnits: 5, prepaidUnits: { enabled: 10 } });

      const selected = await client.get(admin, '/subscribedSkus?$select=skuId,skuPartNumber', { token });
      expect(Object.keys(selected.body.value?.[0] ?? {}).sort()).toEqual(['id', 'skuId', 'skuPartNumber']);
      expect((await client.get(admin, '/subscribedSkus?$select=colour', { token })).status).toBe(400);

      const licensed = await client.get(admin, `/users/${CONTOSO_PEOPLE.modAdministrator.id}?$select=assignedLicenses`, { token });
      expect(licensed.body.assignedLicenses).toEqual([{ skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', disabledPlans: [] }]);
    });
  });

  describe('signInActivity', () => {
    it('needs AuditLog.Read.All in the token', async () => {
      const withoutScope = await client.tokenFor(admin, { scopes: ['User.Read.All'] });
      const response = await client.get(admin, `/users?$select=displayName,signInActivity`, { token: withoutScope });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({
        code: 'Authentication_MSGraphPermissionMissing',
        message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
      });
    });

    it('returns sign-in dates when selected, and only then', async () => {
      const token = await client.tokenFor(admin, { scopes: ['User.Read.All', 'AuditLog.Read.All'] });
      const listed = await client.get(admin, `/users?$select=id,signInActivity`, { token });
      expect(listed.status).toBe(200);
      const admins = listed.body.value?.find((user) => user.id === CONTOSO_PEOPLE.modAdministrator.id);
      expect(admins?.signInActivity).toMatchObject({ lastSignInDateTime: expect.stringMatching(/Z$/) as unknown });
      const one = await client.get(admin, `/users/${CONTOSO_PEOPLE.modAdministrator.id}?$select=signInActivity`, { token });
      expect(one.body.signInActivity).toEqual(admins?.signInActivity);
      const plainRead = await client.get(admin, `/users/${CONTOSO_PEOPLE.modAdministrator.id}`, { token });
      expect(plainRead.body).not.toHaveProperty('signInActivity');
    });

    it('answers 403 to an admin without a reporting role, even with AuditLog.Read.All', async () => {
      const token = await client.tokenFor(userAdmin, { scopes: ['User.Read.All', 'AuditLog.Read.All'] });
      const response = await client.get(userAdmin, `/users?$select=displayName,signInActivity`, { token });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'Authentication_RequestFromUnsupportedUserRole', message: 'User is not in the allowed roles' });
      expect((await client.get(userAdmin, `/users?$select=displayName`, { token })).status).toBe(200);
    });

    it('answers 403 for a tenant without Entra ID P1, switched at /_sandbox/tenant', async () => {
      expect((await client.control('GET', '/_sandbox/tenant')).body).toEqual({ entraIdP1: true });
      expect((await client.control('POST', '/_sandbox/tenant', { entraIdP1: 'no' })).status).toBe(400);
      expect((await client.control('POST', '/_sandbox/tenant', { entraIdP1: false })).body).toEqual({ entraIdP1: false });
      try {
        const token = await client.tokenFor(admin, { scopes: ['User.Read.All', 'AuditLog.Read.All'] });
        const response = await client.get(admin, `/users?$select=displayName,signInActivity`, { token });
        expect(response.status).toBe(403);
        expect(response.body.error).toMatchObject({
          code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
          message: "Neither tenant is B2C or tenant doesn't have premium license",
        });
        expect((await client.get(admin, `/users?$select=displayName`, { token })).status).toBe(200);
      } finally {
        await client.control('POST', '/_sandbox/tenant', { entraIdP1: true });
      }
    });

    it('starts without P1 when the option says so', async () => {
      const other = await SandboxTestClient.start({ entraIdP1: false });
      try {
        expect((await other.control('GET', '/_sandbox/tenant')).body).toEqual({ entraIdP1: false });
      } finally {
        await other.stop();
      }
    });
  });
});
