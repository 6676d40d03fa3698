import type { AuditLog } from './audit-log';
import type { Caller } from './authorization';
import type { FaultInjector } from './faults';
import { faultError } from './faults';
import type { ErrorSpec, HandlerResult } from './graph-error';
import { GraphFailure, errorBody } from './graph-error';
import type { LatencyModel } from './latency';
import type { GraphRequest, SandboxServices } from './routes/context';
import { ALL_ROUTES, matchRoute } from './routes/index';
import { requestCost } from './throttle/request-cost';
import type { ThrottleGovernor } from './throttle/throttle-governor';
import type { TokenIssuer } from './tokens';

export const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export interface IncomingGraphRequest {
  method: string;
  /** Path below /v1.0, starting with `/`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  requestId: string;
  clientRequestId: string;
  batchId?: string;
  /** Connection resets only make sense for a whole HTTP exchange, not a batch step. */
  canReset: boolean;
}

/**
 * `reset`: the connection is dropped. `appliedStatus` is set when the request was carried out first (and then its
 * connection dropped, or its answer replaced by an injected error): the audit log records that status.
 */
export type DispatchResult =
  | (HandlerResult & { headers: Record<string, string>; latencyMs: number; appliedStatus?: number })
  | { reset: true; appliedStatus?: number };

export interface DispatcherDeps {
  services: SandboxServices;
  tokens: TokenIssuer;
  throttle: ThrottleGovernor;
  audit: AuditLog;
  faults: FaultInjector;
  latency: LatencyModel;
}

export class GraphDispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  errorResult(request: IncomingGraphRequest, spec: ErrorSpec, latencyMs = 0): DispatchResult {
    return {
      status: spec.status,
      body: errorBody(spec, {
        requestId: request.requestId,
        clientRequestId: request.clientRequestId,
        date: this.deps.services.clock.iso(),
      }),
      headers: lowerCaseKeys({ ...this.baseHeaders(request), ...(spec.headers ?? {}) }),
      latencyMs,
    };
  }

  private baseHeaders(request: IncomingGraphRequest): Record<string, string> {
    return { 'request-id': request.requestId, 'client-request-id': request.clientRequestId };
  }

  /** Every write is audited with its outcome, whether it was served, refused, throttled or failed by a fault. */
  dispatch(request: IncomingGraphRequest): DispatchResult {
    const result = this.dispatchUnaudited(request);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const token = this.deps.tokens.verify(request.headers['authorization']);
      this.deps.audit.record({
        time: this.deps.services.clock.iso(),
        actorOid: token.ok ? token.claims.oid : null,
        method: request.method,
        path: request.path,
        status: 'reset' in result ? (result.appliedStatus ?? 0) : (result.appliedStatus ?? result.status),
        requestId: request.requestId,
        ...(request.batchId ? { batchId: request.batchId } : {}),
      });
    }
    return result;
  }

  private dispatchUnaudited(request: IncomingGraphRequest): DispatchResult {
    const { services, tokens, throttle, faults, latency } = this.deps;
    const fault = faults.decide(request.path, request.canReset);
    if (fault.kind === 'reset') return { reset: true };
    if (fault.kind === 'error') {
      const { code, message } = faultError(fault.status);
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      return this.errorResult(request, { status: fault.status, code, message, headers }, fault.extraLatencyMs);
    }

    const token = tokens.verify(request.headers['authorization']);
    if (!token.ok) {
      return this.errorResult(
        request,
        { status: 401, code: 'InvalidAuthenticationToken', message: token.message, headers: { 'www-authenticate': WWW_AUTHENTICATE } },
        fault.extraLatencyMs,
      );
    }

    let segments: string[];
    try {
      segments = request.path.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
    } catch {
      return this.errorResult(request, { status: 400, code: 'Request_InvalidRequestUrl', message: 'Invalid request URL.' });
    }
    const match = matchRoute(ALL_ROUTES, request.method, segments);
    if (match.kind === 'not-found') {
      return this.errorResult(request, { status: 400, code: 'BadRequest', message: `Resource not found for the segment '${match.segment}'.` });
    }
    if (match.kind === 'method-not-allowed') {
      return this.errorResult(request, { status: 405, code: 'Request_BadRequest', message: 'Specified HTTP method is not allowed for the request target.' });
    }

    const { claims } = token;
    const caller: Caller = {
      oid: claims.oid,
      roles: services.state.rolesOf(claims.oid),
      scopes: new Set(claims.scp.split(' ').filter(Boolean)),
      scopedRoles: services.state.scopedRolesOf(claims.oid),
      customActions: services.state.customActionsOf(claims.oid),
    };
    const kind = match.route.invitation ? 'invitation' : match.route.write ? 'write' : 'read';
    const decision = throttle.charge({
      appId: claims.appid,
      tenantId: claims.tid,
      kind,
      cost: requestCost({ method: request.method, path: request.path, query: request.query }),
    });
    if (!decision.allowed) {
      return this.errorResult(request, {
        status: 429,
        code: 'TooManyRequests',
        message: 'Please retry again later.',
        headers: { ...decision.headers, 'retry-after': String(decision.retryAfterSeconds) },
        innerError: { code: '429', message: 'Please retry after', status: '429' },
      });
    }

    const graphRequest: GraphRequest = {
      method: request.method,
      path: request.path,
      segments,
      query: request.query,
      headers: request.headers,
      body: request.body,
      caller,
      requestId: request.requestId,
      refusedFilters: faults.refusedFilters(),
    };
    let result: DispatchResult;
    try {
      const handled = match.route.handler(graphRequest, services, match.params);
      result = { ...handled, headers: lowerCaseKeys({ ...this.baseHeaders(request), ...decision.headers, ...(handled.headers ?? {}) }), latencyMs: 0 };
    } catch (error) {
      const spec: ErrorSpec =
        error instanceof GraphFailure
          ? error.spec
          : { status: 500, code: 'Service_InternalServerError', message: `Encountered an internal server error: ${String(error)}` };
      result = this.errorResult(request, { ...spec, headers: { ...decision.headers, ...(spec.headers ?? {}) } });
    }
    if ('reset' in result) return result;
    if (fault.kind === 'none' && fault.resetAfter) return { reset: true, appliedStatus: result.status };
    const failed = faults.afterApply(request.path, request.method, result.status);
    if (failed) {
      const { code, message } = faultError(failed.status);
      const headers: Record<string, string> = {};
      if (failed.retryAfterSeconds !== undefined) headers['retry-after'] = String(failed.retryAfterSeconds);
      const answer = this.errorResult(request, { status: failed.status, code, message, headers }, fault.extraLatencyMs);
      return 'reset' in answer ? answer : { ...answer, appliedStatus: result.status };
    }
    const rows = rowsIn(result.body);
    result.latencyMs = fault.extraLatencyMs + latency.forRequest(request.method, rows);
    return result;
  }
}

function rowsIn(body: unknown): number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>).value;
  return Array.isArray(value) ? value.length : undefined;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}
