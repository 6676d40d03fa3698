import type { Caller } from '../authorization';
import type { SandboxClock } from '../clock';
import type { RefusedFilter } from '../odata/refused-filters';
import type { HandlerResult } from '../graph-error';
import { fail } from '../graph-error';
import type { TenantState } from '../tenant/tenant-state';
import type { ListingCache } from './listing-cache';

export interface GraphRequest {
  method: string;
  /** Path below `/v1.0`, starting with `/`, without the query string. */
  path: string;
  segments: string[];
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  caller: Caller;
  requestId: string;
  /** `$filter` clauses the tenant refuses (fault injection). */
  refusedFilters?: readonly RefusedFilter[];
}

export interface SandboxServices {
  state: TenantState;
  clock: SandboxClock;
  /** Absolute Graph base, e.g. http://127.0.0.1:5000/v1.0 */
  graphBaseUrl: string;
  listingCache: ListingCache;
  newId: () => string;
  /** Invitations left before the tenant is blocked (fault injection); undefined when not blocked. */
  invitationBudget: () => { blocked: boolean };
}

export type RouteHandler = (request: GraphRequest, services: SandboxServices, params: string[]) => HandlerResult;

export interface Route {
  method: string;
  /** Segments; `*` matches one segment and passes it as a parameter. */
  pattern: string[];
  handler: RouteHandler;
  /** Writes are audited and charged against the write budgets. */
  write?: boolean;
  invitation?: boolean;
}

export function route(method: string, path: string, handler: RouteHandler, flags: { write?: boolean; invitation?: boolean } = {}): Route {
  return { method, pattern: path.split('/').filter(Boolean), handler, ...flags };
}

export function isEventual(request: GraphRequest): boolean {
  return (request.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
}

export function jsonBody(request: GraphRequest): Record<string, unknown> {
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    return fail(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  }
  return body as Record<string, unknown>;
}
