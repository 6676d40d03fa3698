import { authorize } from '../authorization';
import { fail } from '../graph-error';
import { markUserDeleted } from '../tenant/builders';
import { buildUser } from '../tenant/builders';
import { USER_DEFAULT_PROPERTIES } from '../odata/entity-schema';
import type { StoredUser } from '../tenant/entities';
import type { FilterLiteral, FilterNode, PropertyPath } from '../odata/filter';
import type { GraphRequest, Route, SandboxServices } from './context';
import { jsonBody, route } from './context';
import {
  activeUser,
  directoryRoleRows,
  groupRowsOf,
  userTarget,
  transitiveGroupRows,
} from './directory-helpers';
import type { ListSource, Row } from './listing';
import { arraySource, contextUrl, countResponse, listResponse, present } from './listing';
import type { UserReadOptions } from './user-reads';
import { addExpandedManager, readOptions, userRow } from './user-reads';
import { ON_PREMISES_MASTERED_USER_PROPERTIES, USER_STRING_PROPERTIES, applyOptionalUserProperties, checkUserString, refuseOnPremisesMastered } from './user-properties';
import type { Body } from './validation';
import {
  ensureUpnFree,
  optionalString,
  rejectUnknownProperties,
  requireBoolean,
  requireString,
  validatePassword,
  validateUpn,
} from './validation';

function usersSource(services: SandboxServices, read?: UserReadOptions): ListSource {
  const users = services.state.users;
  const withSignIn = read?.signInActivity === true ? read : undefined;
  return function* (start) {
    for (const [position, user] of users.iterate('active', start)) yield [position, withSignIn ? userRow(services, user, withSignIn) : user.data];
  };
}

/** The user ids a filter names by key (`id`/`userPrincipalName` `eq` or `in`, or such a clause and-ed), if it does. */
function keyedUserIds(state: SandboxServices['state'], filter: FilterNode): Set<string> | undefined {
  const keyOf = (path: PropertyPath): 'id' | 'userPrincipalName' | undefined => {
    const [name, ...rest] = path.segments;
    return !path.fromLambda && rest.length === 0 && (name === 'id' || name === 'userPrincipalName') ? name : undefined;
  };
  const lookup = (key: 'id' | 'userPrincipalName', literals: readonly FilterLiteral[]): Set<string> => {
    const ids = new Set<string>();
    for (const literal of literals) {
      if (literal.kind !== 'string' && literal.kind !== 'guid') continue;
      const value = literal.value.toLowerCase();
      const id = key === 'id' ? value : state.upnIndex.get(value);
      if (id !== undefined && state.users.active.has(id)) ids.add(id);
    }
    return ids;
  };
  switch (filter.kind) {
    case 'in': {
      const key = keyOf(filter.property);
      return key ? lookup(key, filter.values) : undefined;
    }
    case 'compare': {
      const key = filter.left.kind === 'property' && filter.operator === 'eq' ? keyOf(filter.left.path) : undefined;
      return key ? lookup(key, [filter.right]) : undefined;
    }
    case 'and':
      return keyedUserIds(state, filter.left) ?? keyedUserIds(state, filter.right);
    default:
      return undefined;
  }
}

/** The users a keyed filter names, in listing order: an index lookup, as Graph makes, instead of a scan. */
function keyedUsersSource(services: SandboxServices, read: UserReadOptions | undefined, filter: FilterNode): ListSource | undefined {
  const ids = keyedUserIds(services.state, filter);
  if (!ids) return undefined;
  const users = services.state.users;
  const withSignIn = read?.signInActivity === true ? read : undefined;
  const positioned = [...ids].flatMap((id) => {
    const position = users.positionOf('active', id);
    const user = users.active.get(id);
    return position !== undefined && user ? [{ position, user }] : [];
  });
  positioned.sort((a, b) => a.position - b.position);
  return function* (start) {
    for (const { position, user } of positioned) if (position >= start) yield [position, withSignIn ? userRow(services, user, withSignIn) : user.data];
  };
}

const WRITABLE = new Set<string>([
  ...USER_STRING_PROPERTIES, 'accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName',
  'businessPhones', 'otherMails', 'userType', 'passwordPolicies', 'employeeHireDate',
]);

function passwordOf(body: Body): unknown {
  const profile = body.passwordProfile;
  if (profile === undefined || profile === null) {
    return fail(400, 'Request_BadRequest', "A value is required for property 'passwordProfile' of resource 'User'.");
  }
  if (typeof profile !== 'object' || Array.isArray(profile)) {
    return fail(400, 'Request_BadRequest', "Invalid value specified for property 'passwordProfile' of resource 'User'.");
  }
  return (profile as Record<string, unknown>).password;
}

function createUser(request: GraphRequest, services: SandboxServices): { status: number; body: Row } {
  const { state, clock } = services;
  authorize('user.create', request.caller);
  const body = jsonBody(request);
  rejectUnknownProperties(body, WRITABLE);
  const accountEnabled = requireBoolean(body, 'accountEnabled', 'User');
  const displayName = requireString(body, 'displayName', 'User');
  checkUserString('displayName', displayName);
  const mailNickname = requireString(body, 'mailNickname', 'User');
  checkUserString('mailNickname', mailNickname);
  const password = passwordOf(body);
  const upn = requireString(body, 'userPrincipalName', 'User');
  validateUpn(state, upn);
  validatePassword(password);
  ensureUpnFree(state, upn);
  const user = buildUser({ id: services.newId(), displayName, userPrincipalName: upn, createdMs: clock.now(), accountEnabled, mailNickname, mail: null, proxyAddresses: [] });
  applyOptionalUserProperties(body, user.data);
  state.addUser(user);
  return {
    status: 201,
    body: { '@odata.context': contextUrl(services, 'users', undefined, true), ...present(user.data, undefined, USER_DEFAULT_PROPERTIES) },
  };
}

function updateUser(request: GraphRequest, services: SandboxServices, id: string): { status: number } {
  const { state } = services;
  const user = activeUser(state, id);
  authorize('user.update', request.caller, userTarget(state, user.data.id));
  const body = jsonBody(request);
  rejectUnknownProperties(body, WRITABLE);
  if (user.data.onPremisesSyncEnabled === true && Object.keys(body).some((property) => ON_PREMISES_MASTERED_USER_PROPERTIES.has(property))) refuseOnPremisesMastered();
  const upn = optionalString(body, 'userPrincipalName', 'User');
  if (upn !== undefined && upn !== null) {
    validateUpn(state, upn);
    ensureUpnFree(state, upn, user.data.id);
  }
  if (body.passwordProfile !== undefined) validatePassword(passwordOf(body));
  // Validate everything on a copy first: a refused request changes nothing.
  const next = { ...user.data };
  if (body.accountEnabled !== undefined) next.accountEnabled = requireBoolean(body, 'accountEnabled', 'User');
  if (body.displayName !== undefined) next.displayName = requireString(body, 'displayName', 'User');
  checkUserString('displayName', next.displayName);
  if (body.mailNickname !== undefined) next.mailNickname = requireString(body, 'mailNickname', 'User');
  checkUserString('mailNickname', next.mailNickname);
  applyOptionalUserProperties(body, next);
  Object.assign(user.data, next);
  if (upn) {
    state.unindexAddresses(user);
    user.data.userPrincipalName = upn;
    state.indexAddresses(user);
  }
  return { status: 204 };
}

export function softDeleteUser(services: SandboxServices, user: StoredUser): void {
  services.state.unindexAddresses(user);
  services.state.users.moveToDeleted(user.data.id);
  markUserDeleted(user, services.clock.now());
}

function deleteUser(request: GraphRequest, services: SandboxServices, id: string): { status: number } {
  const user = activeUser(services.state, id);
  authorize('user.delete', request.caller, userTarget(services.state, user.data.id));
  softDeleteUser(services, user);
  return { status: 204 };
}

function getUser(request: GraphRequest, services: SandboxServices, user: StoredUser): { status: number; body: Row } {
  const read = readOptions(request, services);
  const body: Row = {
    '@odata.context': contextUrl(services, 'users', read.options.select, true),
    ...present(userRow(services, user, read), read.options.select, USER_DEFAULT_PROPERTIES),
  };
  addExpandedManager(services, read, user.data.id, body);
  return { status: 200, body };
}

function authenticationMethods(
  request: GraphRequest,
  services: SandboxServices,
  user: StoredUser,
  kind: 'phoneMethods' | 'emailMethods',
): { status: number; body: Row } {
  const self = user.data.id === request.caller.oid;
  const selfAllowed = self && ['UserAuthenticationMethod.Read', 'UserAuthenticationMethod.ReadWrite'].some((s) => request.caller.scopes.has(s));
  if (!selfAllowed) authorize('authenticationMethods.read', request.caller);
  const value = kind === 'phoneMethods' ? user.phoneMethods : user.emailMethods;
  const typeName = kind === 'phoneMethods' ? 'phoneAuthenticationMethod' : 'emailAuthenticationMethod';
  return {
    status: 200,
    body: {
      '@odata.context': `${services.graphBaseUrl}/$metadata#users('${user.data.id}')/authentication/${kind}`,
      value: value.map((method) => ({ '@odata.type': `#microsoft.graph.${typeName}`, ...method })),
    },
  };
}

function membershipList(request: GraphRequest, services: SandboxServices, userId: string, transitive: boolean) {
  const { state } = services;
  const rows = [...(transitive ? transitiveGroupRows(state, userId) : groupRowsOf(state, userId)), ...directoryRoleRows(state, userId, request.caller.scopes)];
  return listResponse(request, services, {
    entity: 'directoryObject',
    source: arraySource(rows),
    contextName: 'directoryObjects',
    defaults: undefined,
  });
}

function me(request: GraphRequest, services: SandboxServices): StoredUser {
  authorize('me.read', request.caller);
  return activeUser(services.state, request.caller.oid);
}

export const userRoutes: Route[] = [
  route('GET', '/users', (request, services) => {
    authorize('directory.read', request.caller);
    const read = readOptions(request, services);
    return listResponse(request, services, {
      entity: 'user',
      source: usersSource(services, read),
      keyed: (filter) => keyedUsersSource(services, read, filter),
      contextName: 'users',
      defaults: USER_DEFAULT_PROPERTIES,
      decorate: read.expandManager ? (row, shaped) => addExpandedManager(services, read, String(row.id), shaped) : undefined,
    });
  }),
  route('GET', '/users/$count', (request, services) => {
    authorize('directory.read', request.caller);
    return countResponse(request, { entity: 'user', source: usersSource(services) });
  }),
  route('POST', '/users', createUser, { write: true }),
  route('GET', '/users/*', (request, services, [id = '']) => {
    authorize('directory.read', request.caller);
    return getUser(request, services, activeUser(services.state, id));
  }),
  route('PATCH', '/users/*', (request, services, [id = '']) => updateUser(request, services, id), { write: true }),
  route('DELETE', '/users/*', (request, services, [id = '']) => deleteUser(request, services, id), { write: true }),
  route('GET', '/users/*/authentication/phoneMethods', (request, services, [id = '']) =>
    authenticationMethods(request, services, activeUser(services.state, id), 'phoneMethods'),
  ),
  route('GET', '/users/*/authentication/emailMethods', (request, services, [id = '']) =>
    authenticationMethods(request, services, activeUser(services.state, id), 'emailMethods'),
  ),
  route('GET', '/users/*/memberOf', (request, services, [id = '']) => {
    authorize('directory.read', request.caller);
    return membershipList(request, services, activeUser(services.state, id).data.id, false);
  }),
  route('GET', '/users/*/transitiveMemberOf', (request, services, [id = '']) => {
    authorize('directory.read', request.caller);
    return membershipList(request, services, activeUser(services.state, id).data.id, true);
  }),
  route('GET', '/me', (request, services) => getUser(request, services, me(request, services))),
  route('GET', '/me/memberOf', (request, services) => membershipList(request, services, me(request, services).data.id, false)),
  route('GET', '/me/transitiveMemberOf', (request, services) => membershipList(request, services, me(request, services).data.id, true)),
  route('GET', '/me/authentication/phoneMethods', (request, services) =>
    authenticationMethods(request, services, me(request, services), 'phoneMethods'),
  ),
  route('GET', '/me/authentication/emailMethods', (request, services) =>
    authenticationMethods(request, services, me(request, services), 'emailMethods'),
  ),
];

