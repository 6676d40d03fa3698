import { z } from 'zod';
import type { DispatchResult, GraphDispatcher, IncomingGraphRequest } from './dispatcher';
import type { ErrorSpec } from './graph-error';
import type { Random } from './prng';

export const MAX_BATCH_REQUESTS = 20;

const batchSchema = z.object({
  requests: z.array(
    z.object({
      id: z.string().min(1),
      method: z.string().min(1),
      url: z.string().min(1),
      headers: z.record(z.string()).optional(),
      body: z.unknown().optional(),
      dependsOn: z.array(z.string()).optional(),
    }),
  ),
});

type BatchStep = z.infer<typeof batchSchema>['requests'][number];

export interface BatchSubResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export type BatchOutcome = { ok: true; responses: BatchSubResponse[]; latencyMs: number } | { ok: false; error: ErrorSpec };

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT']);

function envelopeError(message: string): BatchOutcome {
  return { ok: false, error: { status: 400, code: 'BadRequest', message } };
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}

export interface BatchContext {
  outerHeaders: Record<string, string>;
  batchId: string;
  newRequestId: () => string;
  shuffle: boolean;
  random: Random;
}

export function runBatch(dispatcher: GraphDispatcher, payload: unknown, context: BatchContext): BatchOutcome {
  const parsed = batchSchema.safeParse(payload);
  if (!parsed.success) return envelopeError('Invalid batch payload format.');
  const steps = parsed.data.requests;
  if (steps.length === 0) return envelopeError('Invalid batch payload format: the requests array is empty.');
  if (steps.length > MAX_BATCH_REQUESTS) {
    return envelopeError(`Number of batch request steps exceeds the maximum of ${MAX_BATCH_REQUESTS}.`);
  }
  const ids = new Set<string>();
  for (const step of steps) {
    const key = step.id.toLowerCase();
    if (ids.has(key)) return envelopeError(`Batch request contains duplicate request id '${step.id}'.`);
    ids.add(key);
  }
  for (const step of steps) {
    for (const dependency of step.dependsOn ?? []) {
      if (!ids.has(dependency.toLowerCase())) {
        return envelopeError(`Request id '${step.id}' depends on request id '${dependency}', which is not in the batch.`);
      }
    }
    const headers = lowerCaseKeys(step.headers);
    if (WRITE_METHODS.has(step.method.toUpperCase()) && step.body !== undefined && !headers['content-type']) {
      return envelopeError(`Write request id : ${step.id} does not contain Content-Type header or body.`);
    }
  }

  const results = new Map<string, BatchSubResponse>();
  let maxLatency = 0;
  const pending = [...steps];
  while (pending.length > 0) {
    const index = pending.findIndex((step) => (step.dependsOn ?? []).every((dep) => results.has(dep.toLowerCase())));
    if (index === -1) {
      for (const step of pending) results.set(step.id.toLowerCase(), failedDependency(step, context));
      break;
    }
    const [step] = pending.splice(index, 1);
    if (!step) break;
    const failed = (step.dependsOn ?? []).some((dep) => (results.get(dep.toLowerCase())?.status ?? 500) >= 400);
    if (failed) {
      results.set(step.id.toLowerCase(), failedDependency(step, context));
      continue;
    }
    const { response, latencyMs } = runStep(dispatcher, step, context);
    maxLatency = Math.max(maxLatency, latencyMs);
    results.set(step.id.toLowerCase(), response);
  }

  const ordered = steps.map((step) => results.get(step.id.toLowerCase())).filter((r): r is BatchSubResponse => r !== undefined);
  return { ok: true, responses: context.shuffle ? shuffled(ordered, context.random) : ordered, latencyMs: maxLatency };
}

function failedDependency(step: BatchStep, context: BatchContext): BatchSubResponse {
  const requestId = context.newRequestId();
  return {
    id: step.id,
    status: 424,
    headers: { 'content-type': 'application/json', 'request-id': requestId },
    body: {
      error: {
        code: 'FailedDependency',
        message: 'Request failed because of a failed dependency.',
        innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': requestId },
      },
    },
  };
}

function runStep(dispatcher: GraphDispatcher, step: BatchStep, context: BatchContext): { response: BatchSubResponse; latencyMs: number } {
  const requestId = context.newRequestId();
  const headers = { ...context.outerHeaders, ...lowerCaseKeys(step.headers) };
  delete headers['content-length'];
  const clientRequestId = headers['client-request-id'] ?? requestId;
  let relative = step.url;
  const request: IncomingGraphRequest = {
    method: step.method.toUpperCase(),
    path: '/',
    query: new URLSearchParams(),
    headers,
    body: step.body,
    requestId,
    clientRequestId,
    batchId: context.batchId,
    canReset: false,
  };
  if (/^[a-z]+:\/\//i.test(relative)) {
    const error = dispatcher.errorResult(request, { status: 400, code: 'BadRequest', message: 'Invalid request URL: a batch step must use a relative URL.' });
    return { response: toSubResponse(step.id, error), latencyMs: 0 };
  }
  relative = relative.startsWith('/') ? relative : `/${relative}`;
  const url = new URL(relative, 'http://batch.invalid');
  request.path = url.pathname.replace(/\/+$/, '') || '/';
  request.query = url.searchParams;
  if (request.path.toLowerCase() === '/$batch') {
    const error = dispatcher.errorResult(request, { status: 400, code: 'BadRequest', message: 'Nested batch requests are not supported.' });
    return { response: toSubResponse(step.id, error), latencyMs: 0 };
  }
  const result = dispatcher.dispatch(request);
  return { response: toSubResponse(step.id, result), latencyMs: 'reset' in result ? 0 : result.latencyMs };
}

function toSubResponse(id: string, result: DispatchResult): BatchSubResponse {
  if ('reset' in result) {
    return { id, status: 500, headers: {}, body: { error: { code: 'generalException', message: 'Connection reset.' } } };
  }
  const headers: Record<string, string> = { ...result.headers };
  if (result.body !== undefined || result.text !== undefined) headers['content-type'] = result.text !== undefined ? 'text/plain' : 'application/json';
  const response: BatchSubResponse = { id, status: result.status, headers };
  if (result.body !== undefined) response.body = result.body;
  else if (result.text !== undefined) response.body = result.text;
  return response;
}

function shuffled<T>(items: T[], random: Random): T[] {
  if (items.length < 2) return items;
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = copy[i];
    const b = copy[j];
    if (a === undefined || b === undefined) continue;
    copy[i] = b;
    copy[j] = a;
  }
  // Always out of order in this mode, so a client that relies on order fails every time, not by chance.
  if (copy.every((item, index) => item === items[index])) copy.push(copy.shift() as T);
  return copy;
}
