import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { AuditLog } from './audit-log';
import { runBatch } from './batch';
import { SandboxClock } from './clock';
import type { DispatchResult } from './dispatcher';
import { GraphDispatcher, WWW_AUTHENTICATE } from './dispatcher';
import { FaultInjector, faultSettingsSchema } from './faults';
import { errorBody } from './graph-error';
import type { ErrorSpec } from './graph-error';
import { LatencyModel, sleep } from './latency';
import type { IssueTokenOptions, ResolvedSandboxOptions } from './options';
import { tenantSizeFor } from './options';
import { seededRandom } from './prng';
import { purgeExpired } from './retention';
import type { SandboxServices } from './routes/context';
import { ListingCache } from './routes/listing-cache';
import { seedTenant } from './tenant/seed';
import type { TenantState } from './tenant/tenant-state';
import { ThrottleGovernor } from './throttle/throttle-governor';
import { DEFAULT_DELEGATED_SCOPES, TokenIssuer } from './tokens';

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const SWEEP_INTERVAL_MS = 60_000;

const tokenRequestSchema = z
  .object({
    user: z.string().min(1),
    scopes: z.array(z.string().min(1)).optional(),
    lifetimeSeconds: z.number().int().min(1).max(86_400 * 30).optional(),
    appId: z.string().uuid().optional(),
  })
  .strict();

/** Tenant switches: `entraIdP1: false` makes the tenant answer as one without Entra ID P1 (no signInActivity). */
const tenantSettingsSchema = z.object({ entraIdP1: z.boolean().optional() }).strict();

/** A person signing in, as a test drives it: a user's sign-in activity, and a guest's redemption of their invitation. */
const signInRequestSchema = z.object({ user: z.string().min(1) }).strict();

const clockRequestSchema = z
  .object({ advanceDays: z.number().min(0).optional(), advanceSeconds: z.number().min(0).optional() })
  .strict();

type Json = Record<string, unknown>;

class BodyError extends Error {}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyError('Request body too large.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function lowerHeaders(request: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') out[key.toLowerCase()] = value;
    else if (Array.isArray(value)) out[key.toLowerCase()] = value.join(', ');
  }
  return out;
}

export class SandboxServer {
  readonly clock = new SandboxClock();
  readonly state: TenantState;
  readonly tokens: TokenIssuer;
  readonly audit = new AuditLog();
  readonly faults: FaultInjector;
  private readonly dispatcher: GraphDispatcher;
  private readonly services: SandboxServices;
  private readonly random;
  private readonly server: Server;
  private lastSweepMs = 0;
  private batchCounter = 0;

  constructor(private readonly options: ResolvedSandboxOptions) {
    this.random = seededRandom(options.seed + 104_729);
    this.state = seedTenant({
      seed: options.seed,
      tenant: options.tenant,
      users: options.users,
      deleted: options.deleted,
      nowMs: this.clock.now(),
    });
    this.state.entraIdP1 = options.entraIdP1;
    this.tokens = new TokenIssuer(this.state.info.tenantId, () => this.clock.now());
    this.faults = new FaultInjector(seededRandom(options.seed + 15_485_863));
    this.services = {
      state: this.state,
      clock: this.clock,
      graphBaseUrl: 'http://127.0.0.1/v1.0',
      listingCache: new ListingCache(),
      newId: () => randomUUID(),
      invitationBudget: () => ({ blocked: this.faults.invitationsBlocked(this.state.invitationsSent) }),
    };
    const throttle = new ThrottleGovernor(
      {
        tenantSize: options.tenantSize ?? tenantSizeFor(this.state.users.active.size),
        timeScale: options.timeScale,
        enabled: options.throttling,
      },
      () => this.clock.now(),
    );
    this.dispatcher = new GraphDispatcher({
      services: this.services,
      tokens: this.tokens,
      throttle,
      audit: this.audit,
      faults: this.faults,
      latency: new LatencyModel(options.latency, options.timeScale, this.random),
    });
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) this.sendJson(response, 500, { error: { code: 'Service_InternalServerError', message: String(error) } }, {});
        else response.destroy();
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.options.host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const url = `http://${this.options.host}:${address.port}`;
    this.services.graphBaseUrl = `${url}/v1.0`;
    return url;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  issueToken(user: string, options: IssueTokenOptions = {}): string {
    const found = this.state.findUser(user);
    if (!found) throw new RangeError(`No active user '${user}' in the sandbox tenant.`);
    return this.tokens.issue({
      oid: found.data.id,
      upn: found.data.userPrincipalName,
      lifetimeSeconds: options.lifetimeSeconds ?? this.options.tokenLifetimeSeconds,
      scopes: options.scopes ?? DEFAULT_DELEGATED_SCOPES,
      appId: options.appId,
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const headers = lowerHeaders(request);
    const requestId = randomUUID();
    const clientRequestId = headers['client-request-id'] ?? requestId;
    const ids = { 'request-id': requestId, 'client-request-id': clientRequestId };
    let raw: Buffer;
    try {
      raw = await readBody(request);
    } catch {
      this.sendError(response, { status: 413, code: 'RequestEntityTooLarge', message: 'Request body too large.' }, requestId, clientRequestId);
      return;
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        this.sendError(
          response,
          {
            status: 400,
            code: 'BadRequest',
            message: 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          },
          requestId,
          clientRequestId,
        );
        return;
      }
    }
    const path = url.pathname;
    if (path.startsWith('/_sandbox/')) {
      this.control(request.method ?? 'GET', path, url.searchParams, body, response, ids);
      return;
    }
    if (path !== '/v1.0' && !path.startsWith('/v1.0/')) {
      const version = path.split('/').filter(Boolean)[0] ?? '';
      this.sendError(response, { status: 400, code: 'BadRequest', message: `Invalid version: ${version}` }, requestId, clientRequestId);
      return;
    }
    this.sweep();
    const graphPath = path.slice('/v1.0'.length).replace(/\/+$/, '') || '/';
    const method = (request.method ?? 'GET').toUpperCase();
    if (graphPath.toLowerCase() === '/$batch' && method === 'POST') {
      await this.batch(headers, body, response, requestId, clientRequestId);
      return;
    }
    const result = this.dispatcher.dispatch({
      method,
      path: graphPath,
      query: url.searchParams,
      headers,
      body,
      requestId,
      clientRequestId,
      canReset: true,
    });
    await this.sendResult(request, response, result);
  }

  private async batch(
    headers: Record<string, string>,
    body: unknown,
    response: ServerResponse,
    requestId: string,
    clientRequestId: string,
  ): Promise<void> {
    const connection = this.faults.decideEnvelope('/$batch');
    if (connection === 'reset') {
      response.socket?.destroy();
      return;
    }
    const check = this.tokens.verify(headers['authorization']);
    if (!check.ok) {
      this.sendError(
        response,
        { status: 401, code: 'InvalidAuthenticationToken', message: check.message, headers: { 'www-authenticate': WWW_AUTHENTICATE } },
        requestId,
        clientRequestId,
      );
      return;
    }
    this.batchCounter += 1;
    const outerHeaders = { ...headers };
    delete outerHeaders['content-type'];
    delete outerHeaders['content-length'];
    delete outerHeaders['client-request-id'];
    const outcome = runBatch(this.dispatcher, body, {
      outerHeaders,
      batchId: `batch-${this.batchCounter}-${requestId}`,
      newRequestId: () => randomUUID(),
      shuffle: this.options.shuffleBatchResponses,
      random: this.random,
    });
    if (!outcome.ok) {
      this.sendError(response, outcome.error, requestId, clientRequestId);
      return;
    }
    await sleep(outcome.latencyMs);
    if (connection === 'reset-after') {
      response.socket?.destroy();
      return;
    }
    // The envelope costs nothing itself; report what its steps cost.
    const units = outcome.responses.reduce((sum, sub) => sum + (Number(sub.headers['x-ms-resource-unit']) || 0), 0);
    this.sendJson(
      response,
      200,
      { responses: outcome.responses },
      { 'request-id': requestId, 'client-request-id': clientRequestId, 'x-ms-resource-unit': String(units) },
    );
  }

  private async sendResult(request: IncomingMessage, response: ServerResponse, result: DispatchResult): Promise<void> {
    if ('reset' in result) {
      request.socket.destroy();
      return;
    }
    await sleep(result.latencyMs);
    const headers = { ...result.headers };
    if (!headers['x-ms-resource-unit']) headers['x-ms-resource-unit'] = '1';
    if (result.status === 204 || (result.body === undefined && result.text === undefined)) {
      response.writeHead(result.status, headers);
      response.end();
    } else if (result.text !== undefined) {
      response.writeHead(result.status, { 'content-type': 'text/plain', ...headers });
      response.end(result.text);
    } else {
      this.sendJson(response, result.status, result.body, headers);
    }
  }

  private sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
    const payload = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
      'cache-control': 'no-cache',
      ...headers,
    });
    response.end(payload);
  }

  private sendError(response: ServerResponse, spec: ErrorSpec, requestId: string, clientRequestId: string): void {
    const body = errorBody(spec, { requestId, clientRequestId, date: this.clock.iso() });
    this.sendJson(response, spec.status, body, {
      'request-id': requestId,
      'client-request-id': clientRequestId,
      'x-ms-resource-unit': '1',
      ...(spec.headers ?? {}),
    });
  }

  private sweep(force = false): number {
    const now = this.clock.now();
    if (!force && now - this.lastSweepMs < SWEEP_INTERVAL_MS) return 0;
    this.lastSweepMs = now;
    return purgeExpired(this.state, now);
  }

  private control(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    response: ServerResponse,
    ids: Record<string, string>,
  ): void {
    const reply = (status: number, payload: unknown): void => this.sendJson(response, status, payload, ids);
    const invalid = (message: string): void => reply(400, { error: { code: 'BadRequest', message } });
    const route = `${method.toUpperCase()} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'POST /_sandbox/token': {
        const parsed = tokenRequestSchema.safeParse(body);
        if (!parsed.success) return invalid(`Invalid token request: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
        const user = this.state.findUser(parsed.data.user);
        if (!user) return reply(400, { error: { code: 'invalid_grant', message: `No active user '${parsed.data.user}' in this tenant.` } });
        const lifetime = parsed.data.lifetimeSeconds ?? this.options.tokenLifetimeSeconds;
        const token = this.issueToken(user.data.id, { lifetimeSeconds: lifetime, scopes: parsed.data.scopes, appId: parsed.data.appId });
        return reply(200, { access_token: token, token_type: 'Bearer', expires_in: lifetime });
      }
      case 'GET /_sandbox/audit': {
        const since = Number(query.get('since') ?? '0');
        if (!Number.isInteger(since) || since < 0) return invalid('since must be a non-negative integer.');
        return reply(200, this.audit.since(since));
      }
      case 'GET /_sandbox/state':
        return reply(200, this.stateSummary());
      case 'GET /_sandbox/faults':
        return reply(200, { faults: this.faults.current(), injected: this.faults.injected() });
      case 'POST /_sandbox/faults': {
        const parsed = faultSettingsSchema.safeParse(body ?? {});
        if (!parsed.success) return invalid(`Invalid faults: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
        this.faults.set(parsed.data);
        return reply(200, { faults: parsed.data });
      }
      case 'DELETE /_sandbox/faults':
        this.faults.clear();
        return reply(200, { faults: {} });
      case 'GET /_sandbox/tenant':
        return reply(200, this.tenantSettings());
      case 'POST /_sandbox/tenant': {
        const parsed = tenantSettingsSchema.safeParse(body ?? {});
        if (!parsed.success) return invalid(`Invalid tenant settings: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
        if (parsed.data.entraIdP1 !== undefined) this.state.entraIdP1 = parsed.data.entraIdP1;
        return reply(200, this.tenantSettings());
      }
      case 'POST /_sandbox/sign-in': {
        const parsed = signInRequestSchema.safeParse(body ?? {});
        if (!parsed.success) return invalid(`Invalid sign-in: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
        const user = this.state.findUser(parsed.data.user);
        if (!user) return reply(400, { error: { code: 'invalid_grant', message: `No active user '${parsed.data.user}' in this tenant.` } });
        const now = this.clock.iso();
        const requestId = ids['request-id'] ?? null;
        user.signInActivity = {
          ...(user.signInActivity ?? { lastNonInteractiveSignInDateTime: null, lastNonInteractiveSignInRequestId: null }),
          lastSignInDateTime: now,
          lastSignInRequestId: requestId,
          lastSuccessfulSignInDateTime: now,
          lastSuccessfulSignInRequestId: requestId,
        };
        // A guest's first sign-in redeems the invitation.
        if (user.data.userType === 'Guest' && user.data.externalUserState !== 'Accepted') {
          user.data.externalUserState = 'Accepted';
          user.data.externalUserStateChangeDateTime = now;
        }
        return reply(200, { user: user.data.id, signedInAt: now, externalUserState: user.data.externalUserState });
      }
      case 'GET /_sandbox/clock':
        return reply(200, { now: this.clock.iso() });
      case 'POST /_sandbox/clock': {
        const parsed = clockRequestSchema.safeParse(body ?? {});
        if (!parsed.success) return invalid(`Invalid clock request: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
        const ms = (parsed.data.advanceDays ?? 0) * 86_400_000 + (parsed.data.advanceSeconds ?? 0) * 1000;
        this.clock.advance(ms);
        const purged = this.sweep(true);
        return reply(200, { now: this.clock.iso(), purged });
      }
      default:
        return reply(404, { error: { code: 'NotFound', message: `No sandbox control endpoint ${route}.` } });
    }
  }

  private tenantSettings(): Json {
    return { entraIdP1: this.state.entraIdP1 };
  }

  stateSummary(): Json {
    const counts = this.state.counts();
    const active: Record<string, number> = {};
    const deleted: Record<string, number> = {};
    for (const [kind, value] of Object.entries(counts)) {
      active[kind] = value.active;
      deleted[kind] = value.deleted;
    }
    return {
      tenantId: this.state.info.tenantId,
      now: this.clock.iso(),
      counts: active,
      deleted,
      invitationsSent: this.state.invitationsSent,
      auditEntries: this.audit.size,
    };
  }
}
