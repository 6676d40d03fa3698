import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_DOMAIN, CONTOSO_PEOPLE } from '../../../src/sandbox/index';
import { SandboxTestClient, ids } from './sandbox-test-client';

const admin = CONTOSO_PEOPLE.modAdministrator.userPrincipalName;
const userAdmin = CONTOSO_PEOPLE.alexWilber.userPrincipalName;
const helpdesk = CONTOSO_PEOPLE.leeGu.userPrincipalName;
const plain = CONTOSO_PEOPLE.diegoSiciliani.userPrincipalName;
const eventual = { ConsistencyLevel: 'eventual' };

function newUser(alias: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountEnabled: true,
    displayName: `Test ${alias}`,
    mailNickname: alias,
    userPrincipalName: `${alias}@${CONTOSO_DOMAIN}`,
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
    ...overrides,
  };
}

describe('sandbox /users', () => {
  let client: SandboxTestClient;

  beforeAll(async () => {
    client = await SandboxTestClient.start({ tenant: 'generated', users: 250, deleted: 20, seed: 42 });
  });

  afterAll(async () => {
    await client.stop();
  });

  it('lists users with only the default properties and a 100-row default page', async () => {
    const response = await client.get(admin, '/users');
    expect(response.status).toBe(200);
    expect(response.body.value).toHaveLength(100);
    const first = response.body.value?.[0] ?? {};
    expect(Object.keys(first).sort()).toEqual(
      ['businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName'].sort(),
    );
    expect(response.body['@odata.nextLink']).toContain('$skiptoken=');
  });

  it('returns every portal download property with $select', async () => {
    const select =
      'id,userPrincipalName,displayName,surname,mail,givenName,userType,jobTitle,department,accountEnabled,usageLocation,streetAddress,state,country,officeLocation,city,postalCode,businessPhones,mobilePhone,otherMails,ageGroup,consentProvidedForMinor,legalAgeGroupClassification';
    const response = await client.get(admin, `/users?$select=${select}&$top=5`);
    expect(response.status).toBe(200);
    for (const row of response.body.value ?? []) expect(Object.keys(row).sort()).toEqual(select.split(',').sort());
    expect(response.body['@odata.context']).toContain(`users(${select})`);
  });

  it('pages through every user with @odata.nextLink and never repeats or drops one', async () => {
    const seen = new Set<unknown>();
    let next: string | undefined = '/users?$select=id&$top=999';
    let pages = 0;
    while (next) {
      const page = await client.get(admin, next);
      expect(page.status).toBe(200);
      for (const id of ids(page)) {
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
      next = page.body['@odata.nextLink'];
      pages += 1;
    }
    const state = await client.control('GET', '/_sandbox/state');
    expect(seen.size).toBe((state.body.counts as Record<string, number>).user);
    expect(pages).toBe(1);
    const small: unknown[] = [];
    let link: string | undefined = '/users?$select=id&$top=60';
    while (link) {
      const page = await client.get(admin, link);
      small.push(...ids(page));
      link = page.body['@odata.nextLink'];
    }
    expect(new Set(small).size).toBe(seen.size);
  });

  it('rejects $top outside 1–999 with Graph\'s message', async () => {
    for (const top of ['0', '1000']) {
      const response = await client.get(admin, `/users?$top=${top}`);
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('Request_UnsupportedQuery');
      expect(response.body.error?.message).toBe(`Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
    }
  });

  it('rejects a skiptoken from another query', async () => {
    const page = await client.get(admin, '/users?$top=5');
    const token = new URL(page.body['@odata.nextLink'] ?? '').searchParams.get('$skiptoken') ?? '';
    const response = await client.get(admin, `/users?$top=6&$skiptoken=${token}`);
    expect(response.status).toBe(400);
  });

  it('filters on userType, accountEnabled, department with eq, ne, startswith, in, and, or', async () => {
    const guests = await client.get(admin, "/users?$filter=userType eq 'Guest'&$select=id,userType&$top=999");
    expect(guests.status).toBe(200);
    expect(guests.body.value?.length).toBeGreaterThan(0);
    expect(guests.body.value?.every((row) => row.userType === 'Guest')).toBe(true);
    const disabled = await client.get(admin, '/users?$filter=accountEnabled eq false&$select=id,accountEnabled&$top=999');
    expect(disabled.body.value?.every((row) => row.accountEnabled === false)).toBe(true);
    expect(disabled.body.value?.length).toBeGreaterThan(0);
    const dept = await client.get(admin, "/users?$filter=department in ('Finance','Legal') and startswith(displayName,'A')&$select=id,department,displayName&$top=999");
    expect(dept.status).toBe(200);
    for (const row of dept.body.value ?? []) {
      expect(['Finance', 'Legal']).toContain(row.department);
      expect(String(row.displayName).startsWith('A')).toBe(true);
    }
    const either = await client.get(admin, "/users?$filter=department eq 'Finance' or department eq 'Legal'&$select=id,department&$top=999");
    expect(either.body.value?.length).toBeGreaterThanOrEqual(dept.body.value?.length ?? 0);
    const ne = await client.get(admin, "/users?$filter=userType ne 'Guest'&$count=true&$select=id,userType&$top=999", { headers: eventual });
    expect(ne.status).toBe(200);
    expect(ne.body.value?.every((row) => row.userType === 'Member')).toBe(true);
  });

  it('finds users named by id or user name in a filter, in listing order, with the rest of the filter applied', async () => {
    const all = await client.get(admin, '/users?$select=id,userPrincipalName,accountEnabled&$top=999');
    const rows = all.body.value ?? [];
    const picked = [rows[7], rows[3], rows[40]].map((row) => ({ id: String(row?.id), upn: String(row?.userPrincipalName), enabled: row?.accountEnabled }));
    const inListingOrder = [picked[1], picked[0], picked[2]].map((p) => p?.id);
    const byId = await client.get(admin, `/users?$select=id&$filter=id in (${picked.map((p) => `'${p.id}'`).join(',')},'00000000-0000-4000-8000-000000000000')`);
    expect(ids(byId)).toEqual(inListingOrder);
    const byName = await client.get(admin, `/users?$select=id&$filter=${encodeURIComponent(`userPrincipalName in (${picked.map((p) => `'${p.upn}'`).join(',')})`)}`);
    expect(ids(byName)).toEqual(inListingOrder);
    const one = await client.get(admin, `/users?$select=id&$filter=${encodeURIComponent(`userPrincipalName eq '${picked[0]?.upn ?? ''}' and accountEnabled eq ${String(!picked[0]?.enabled)}`)}`);
    expect(ids(one)).toEqual([]);
  });

  it('requires ConsistencyLevel: eventual for $search and returns matches with it', async () => {
    const without = await client.get(admin, '/users?$search="displayName:Alex"');
    expect(without.status).toBe(400);
    expect(without.body.error?.code).toBe('Request_UnsupportedQuery');
    const withHeader = await client.get(admin, '/users?$search="displayName:Alex"&$select=id,displayName', { headers: eventual });
    expect(withHeader.status).toBe(200);
    expect(ids(withHeader)).toContain(CONTOSO_PEOPLE.alexWilber.id);
    for (const row of withHeader.body.value ?? []) expect(String(row.displayName).toLowerCase()).toContain('alex');
  });

  it('returns @odata.count only with ConsistencyLevel: eventual and only on the first page', async () => {
    const counted = await client.get(admin, '/users?$count=true&$top=10&$select=id', { headers: eventual });
    expect(counted.status).toBe(200);
    const state = await client.control('GET', '/_sandbox/state');
    expect(counted.body['@odata.count']).toBe((state.body.counts as Record<string, number>).user);
    const second = await client.get(admin, counted.body['@odata.nextLink'] ?? '', { headers: eventual });
    expect(second.body['@odata.count']).toBeUndefined();
    const segment = await client.get(admin, '/users/$count', { headers: eventual });
    expect(segment.status).toBe(200);
    expect(Number(segment.text)).toBe(counted.body['@odata.count']);
    const segmentWithout = await client.get(admin, '/users/$count');
    expect(segmentWithout.status).toBe(400);
  });

  it('orders by displayName across pages', async () => {
    const names: string[] = [];
    let link: string | undefined = '/users?$orderby=displayName&$select=id,displayName&$top=70';
    while (link) {
      const page = await client.get(admin, link);
      expect(page.status).toBe(200);
      names.push(...(page.body.value ?? []).map((row) => String(row.displayName)));
      link = page.body['@odata.nextLink'];
    }
    const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    expect(names.map((n) => n.toLowerCase())).toEqual(sorted.map((n) => n.toLowerCase()));
  });

  it('gets a user by id or by UPN, and 404s an unknown one', async () => {
    const byId = await client.get(admin, `/users/${CONTOSO_PEOPLE.joniSherman.id}?$select=id,department,accountEnabled`);
    expect(byId.status).toBe(200);
    expect(Object.keys(byId.body).filter((k) => !k.startsWith('@'))).toEqual(['id', 'department', 'accountEnabled']);
    const byUpn = await client.get(admin, `/users/${encodeURIComponent(CONTOSO_PEOPLE.joniSherman.userPrincipalName)}`);
    expect(byUpn.body.id).toBe(CONTOSO_PEOPLE.joniSherman.id);
    const missing = await client.get(admin, '/users/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('Request_ResourceNotFound');
    expect(missing.body.error?.message).toBe(
      "Resource '00000000-0000-0000-0000-000000000000' does not exist or one of its queried reference-property objects are not present.",
    );
  });

  it('creates a user (201) as a User Administrator', async () => {
    const response = await client.post(userAdmin, '/users', newUser('created.one', { department: 'Finance', usageLocation: 'US' }));
    expect(response.status).toBe(201);
    expect(response.body.userPrincipalName).toBe(`created.one@${CONTOSO_DOMAIN}`);
    const fetched = await client.get(admin, `/users/${String(response.body.id)}?$select=department,usageLocation,accountEnabled`);
    expect(fetched.body.department).toBe('Finance');
    expect(fetched.body.usageLocation).toBe('US');
  });

  it('refuses a create with a missing required property', async () => {
    for (const missing of ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile']) {
      const body = newUser(`missing.${missing.toLowerCase()}`);
      delete body[missing];
      const response = await client.post(userAdmin, '/users', body);
      expect(response.status).toBe(400);
      expect(response.body.error?.code).toBe('Request_BadRequest');
      expect(response.body.error?.message).toContain(missing);
    }
  });

  it('refuses a password that breaks the password policy', async () => {
    const response = await client.post(userAdmin, '/users', newUser('weak.pw', { passwordProfile: { password: 'password' } }));
    expect(response.status).toBe(400);
    expect(response.body.error?.message).toMatch(/password complexity/);
  });

  it('refuses a UPN outside the verified domains or with invalid characters', async () => {
    const domain = await client.post(userAdmin, '/users', newUser('x', { userPrincipalName: 'someone@fabrikam.com' }));
    expect(domain.status).toBe(400);
    expect(domain.body.error?.message).toMatch(/verified domain/);
    const chars = await client.post(userAdmin, '/users', newUser('y', { userPrincipalName: `jöhn@${CONTOSO_DOMAIN}` }));
    expect(chars.status).toBe(400);
  });

  it('refuses a duplicate UPN with an ObjectConflict detail', async () => {
    const response = await client.post(userAdmin, '/users', newUser('dup', { userPrincipalName: CONTOSO_PEOPLE.joniSherman.userPrincipalName }));
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe('Request_BadRequest');
    expect(response.body.error?.message).toBe('Another object with the same value for property userPrincipalName already exists.');
    expect(response.body.error?.details).toEqual([{ code: 'ObjectConflict', target: 'userPrincipalName' }]);
  });

  it('refuses to create users for a Helpdesk Administrator or a plain user', async () => {
    for (const caller of [helpdesk, plain]) {
      const response = await client.post(caller, '/users', newUser(`nope.${caller.slice(0, 4)}`));
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('Authorization_RequestDenied');
    }
  });

  it('updates a user with PATCH (204)', async () => {
    const created = await client.post(userAdmin, '/users', newUser('patch.me'));
    const id = String(created.body.id);
    const patch = await client.call(userAdmin, 'PATCH', `/users/${id}`, { body: { jobTitle: 'Auditor', accountEnabled: false } });
    expect(patch.status).toBe(204);
    const fetched = await client.get(admin, `/users/${id}?$select=jobTitle,accountEnabled`);
    expect(fetched.body.jobTitle).toBe('Auditor');
    expect(fetched.body.accountEnabled).toBe(false);
    const unknown = await client.call(userAdmin, 'PATCH', `/users/${id}`, { body: { favouriteColour: 'blue' } });
    expect(unknown.status).toBe(400);
  });

  it('soft-deletes a user into the recycle bin with the UPN prefixed by the id without dashes', async () => {
    const created = await client.post(userAdmin, '/users', newUser('to.delete'));
    const id = String(created.body.id);
    const deleted = await client.call(userAdmin, 'DELETE', `/users/${id}`);
    expect(deleted.status).toBe(204);
    expect((await client.get(admin, `/users/${id}`)).status).toBe(404);
    const bin = await client.get(admin, `/directory/deletedItems/${id}`);
    expect(bin.status).toBe(200);
    expect(bin.body['@odata.type']).toBe('#microsoft.graph.user');
    expect(bin.body.userPrincipalName).toBe(`${id.replace(/-/g, '')}to.delete@${CONTOSO_DOMAIN}`);
    expect(typeof bin.body.deletedDateTime).toBe('string');
    const again = await client.post(userAdmin, '/users', newUser('to.delete'));
    expect(again.status).toBe(201);
  });

  it('refuses deleting a Global Administrator for a User Administrator', async () => {
    const response = await client.call(userAdmin, 'DELETE', `/users/${CONTOSO_PEOPLE.modAdministrator.id}`);
    expect(response.status).toBe(403);
    expect(response.body.error?.code).toBe('Authorization_RequestDenied');
  });

  it('lists authentication phone and email methods for an authorized admin', async () => {
    const phones = await client.get(admin, `/users/${CONTOSO_PEOPLE.joniSherman.id}/authentication/phoneMethods`);
    expect(phones.status).toBe(200);
    const mobile = phones.body.value?.find((row) => row.phoneType === 'mobile');
    expect(mobile?.id).toBe('3179e48a-750b-4051-897c-87b9720928f7');
    expect(String(mobile?.phoneNumber)).toMatch(/^\+\d/);
    const emails = await client.get(admin, `/users/${CONTOSO_PEOPLE.joniSherman.id}/authentication/emailMethods`);
    expect(emails.status).toBe(200);
    expect(emails.body.value?.[0]?.emailAddress).toBe('jonis@outlook.com');
    const denied = await client.get(helpdesk, `/users/${CONTOSO_PEOPLE.joniSherman.id}/authentication/phoneMethods`);
    expect(denied.status).toBe(403);
  });

  it('serves /me and /me/transitiveMemberOf with groups and directory roles', async () => {
    const me = await client.get(userAdmin, '/me');
    expect(me.body.id).toBe(CONTOSO_PEOPLE.alexWilber.id);
    const memberOf = await client.get(userAdmin, '/me/transitiveMemberOf');
    expect(memberOf.status).toBe(200);
    const role = memberOf.body.value?.find((row) => row['@odata.type'] === '#microsoft.graph.directoryRole');
    expect(role?.displayName).toBe('User Administrator');
    expect(role?.roleTemplateId).toBe('fe930be7-5e62-47db-91af-98c3a49a38b1');
    expect(memberOf.body.value?.some((row) => row['@odata.type'] === '#microsoft.graph.group')).toBe(true);
    const plainRoles = await client.get(plain, '/me/transitiveMemberOf');
    expect(plainRoles.body.value?.some((row) => row['@odata.type'] === '#microsoft.graph.directoryRole')).toBe(false);
  });

  it('answers the per-entity restore path the SDKs generate with 404', async () => {
    const response = await client.post(admin, `/users/${CONTOSO_PEOPLE.adeleVanceDeleted.id}/restore`);
    expect(response.status).toBe(404);
    expect(response.body.error?.code).toBe('Request_ResourceNotFound');
  });
});
