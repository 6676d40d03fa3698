export interface GraphErrorDetail {
  code: string;
  target?: string;
  message?: string;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body that is not JSON, e.g. the number returned by /users/$count. */
  text?: string;
}

export interface ErrorSpec {
  status: number;
  code: string;
  message: string;
  details?: GraphErrorDetail[];
  headers?: Record<string, string>;
  /** Extra innerError members, e.g. the code/status/message Graph adds to 429 bodies. */
  innerError?: Record<string, string>;
}

export class GraphFailure extends Error {
  constructor(readonly spec: ErrorSpec) {
    super(spec.message);
    this.name = 'GraphFailure';
  }
}

export function fail(status: number, code: string, message: string, details?: GraphErrorDetail[]): never {
  throw new GraphFailure({ status, code, message, details });
}

export function notFound(id: string): never {
  return fail(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function badRequest(message: string, details?: GraphErrorDetail[]): never {
  return fail(400, 'Request_BadRequest', message, details);
}

export function forbidden(): never {
  return fail(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

export function errorBody(
  spec: ErrorSpec,
  ids: { requestId: string; clientRequestId: string; date: string },
): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = {
    code: spec.code,
    message: spec.message,
    innerError: { ...(spec.innerError ?? {}), date: ids.date, 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
  };
  if (spec.details && spec.details.length > 0) error.details = spec.details;
  return { error };
}
