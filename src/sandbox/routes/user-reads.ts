import type { RoleName } from '../tenant/roles';
import { fail } from '../graph-error';
import { USER_DEFAULT_PROPERTIES, resolveProperty } from '../odata/entity-schema';
import type { QueryOptions } from '../odata/query-options';
import type { StoredUser } from '../tenant/entities';
import { ODATA_TYPE } from '../tenant/entities';
import type { GraphRequest, SandboxServices } from './context';
import type { Row } from './listing';
import { parseOptions, present } from './listing';

export interface UserReadOptions {
  options: QueryOptions;
  /** `$select` names signInActivity, and the caller and tenant may read it. */
  signInActivity: boolean;
  /** `$expand=manager`, with the manager's own `$select` when given. */
  expandManager: { select: string[] | undefined } | undefined;
}

function queryOption(request: GraphRequest, name: string): string | undefined {
  for (const [key, value] of request.query) {
    const normalized = key.toLowerCase();
    if (normalized === `$${name}` || normalized === name) return value;
  }
  return undefined;
}

function propertyNotFound(name: string): never {
  return fail(400, 'Request_BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.user'.`);
}

/** `manager` or `manager($select=a,b)`; other expansions are left alone, as before. */
function parseManagerExpand(raw: string | undefined): UserReadOptions['expandManager'] {
  if (raw === undefined) return undefined;
  for (const item of raw.split(/,(?![^(]*\))/)) {
    const match = /^\s*manager\s*(?:\(\s*\$select\s*=\s*([^)]*)\))?\s*$/i.exec(item);
    if (!match) continue;
    const selectRaw = match[1];
    if (selectRaw === undefined) return { select: undefined };
    const select = selectRaw.split(',').map((name) => name.trim()).filter(Boolean).map((name) => resolveProperty('user', name)?.name ?? propertyNotFound(name));
    return { select };
  }
  return undefined;
}

/**
 * signInActivity needs AuditLog.Read.All in the token and Entra ID P1 in the tenant (user.md). The codes and messages
 * are those Graph answers (microsoft-graph-explorer-v4#2731; microsoft-graph-docs#12772).
 */
function authorizeSignInActivity(request: GraphRequest, services: SandboxServices): void {
  if (!request.caller.scopes.has('AuditLog.Read.All')) {
    fail(403, 'Authentication_MSGraphPermissionMissing', 'Calling principal does not have required MSGraph permissions AuditLog.Read.All');
  }
  if (!services.state.entraIdP1) {
    fail(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', "Neither tenant is B2C or tenant doesn't have premium license");
  }
  // Sign-in data is reporting data: in delegated calls the signed-in user also needs a reporting role (Reports Reader,
  // Security Reader/Operator/Administrator, Global Reader or Global Administrator; of these the sandbox models two).
  if (!request.caller.roles.some((role) => SIGN_IN_READER_ROLES.has(role))) {
    fail(403, 'Authentication_RequestFromUnsupportedUserRole', 'User is not in the allowed roles');
  }
}

const SIGN_IN_READER_ROLES: ReadonlySet<RoleName> = new Set<RoleName>(['Global Administrator', 'Global Reader']);

export function readOptions(request: GraphRequest, services: SandboxServices): UserReadOptions {
  const options = parseOptions(request, 'user');
  const signInActivity = options.select?.includes('signInActivity') === true;
  if (signInActivity) authorizeSignInActivity(request, services);
  return { options, signInActivity, expandManager: parseManagerExpand(queryOption(request, 'expand')) };
}

export function managerRow(services: SandboxServices, userId: string, select: readonly string[] | undefined): Row | undefined {
  const managerId = services.state.managers.get(userId);
  const manager = managerId === undefined ? undefined : services.state.users.active.get(managerId);
  if (!manager) return undefined;
  return { '@odata.type': ODATA_TYPE.user, ...present(manager.data, select, USER_DEFAULT_PROPERTIES) };
}

/** The row a read filters and selects from: the user's data, plus signInActivity when asked for and allowed. */
export function userRow(_services: SandboxServices, user: StoredUser, read: UserReadOptions): Row {
  return read.signInActivity ? { ...user.data, signInActivity: user.signInActivity } : user.data;
}

/** `$expand=manager` adds the manager next to the selected properties; a user without one has no `manager`. */
export function addExpandedManager(services: SandboxServices, read: UserReadOptions, userId: string, shaped: Row): Row {
  if (!read.expandManager) return shaped;
  const manager = managerRow(services, userId, read.expandManager.select);
  if (manager) shaped.manager = manager;
  return shaped;
}
