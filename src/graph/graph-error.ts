import { z } from 'zod';
import { explainGraphError } from './error-reasons';
import type { ErrorCategory, ErrorContext, GraphOperation } from './error-reasons';

const innerErrorSchema: z.ZodType<InnerError> = z.lazy(() =>
  z
    .object({
      code: z.string().optional(),
      date: z.string().optional(),
      'request-id': z.string().optional(),
      'client-request-id': z.string().optional(),
      innerError: innerErrorSchema.optional(),
      innererror: innerErrorSchema.optional(),
    })
    .passthrough(),
);

interface InnerError {
  code?: string;
  date?: string;
  'request-id'?: string;
  'client-request-id'?: string;
  innerError?: InnerError;
  innererror?: InnerError;
}

const errorBodySchema = z.object({
  error: z
    .object({
      code: z.string().default('UnknownError'),
      message: z.string().default(''),
      innerError: innerErrorSchema.optional(),
      innererror: innerErrorSchema.optional(),
      details: z
        .array(z.object({ code: z.string().optional(), target: z.string().optional(), message: z.string().optional() }))
        .optional(),
    })
    .passthrough(),
});

export interface GraphErrorDetail {
  code?: string;
  target?: string;
  message?: string;
}

export interface GraphErrorInit {
  status: number;
  code: string;
  message: string;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
  innerCodes?: string[];
  details?: GraphErrorDetail[];
  retryAfterMs?: number;
  operation?: GraphOperation;
  context?: ErrorContext;
  attempts?: number;
}

/**
 * A failed Graph call, with the reason a person can act on. It is returned as a value by the seam;
 * it extends Error only so that code which must throw (the pager's generators) throws something with a stack.
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly clientRequestId: string | undefined;
  readonly date: string | undefined;
  readonly innerCodes: readonly string[];
  readonly details: readonly GraphErrorDetail[];
  readonly retryAfterMs: number | undefined;
  readonly operation: GraphOperation | undefined;
  readonly context: ErrorContext | undefined;
  readonly attempts: number;
  readonly category: ErrorCategory;
  readonly reason: string;
  readonly retryable: boolean;
  readonly stopsRun: boolean;

  constructor(init: GraphErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.clientRequestId = init.clientRequestId;
    this.date = init.date;
    this.innerCodes = init.innerCodes ?? [];
    this.details = init.details ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.operation = init.operation;
    this.context = init.context;
    this.attempts = init.attempts ?? 1;
    const explanation = explainGraphError({
      status: init.status,
      code: init.code,
      message: init.message,
      innerCodes: this.innerCodes,
      details: this.details,
      operation: init.operation,
      context: init.context,
      attempts: this.attempts,
    });
    this.category = explanation.category;
    this.reason = explanation.reason;
    this.retryable = explanation.retryable;
    this.stopsRun = explanation.stopsRun;
  }

  /** The same failure, explained for a specific row (operation, target) and attempt count. */
  explainedFor(operation: GraphOperation | undefined, context: ErrorContext | undefined, attempts?: number): GraphError {
    return new GraphError({ ...this.init(), operation, context, attempts: attempts ?? this.attempts });
  }

  toJSON(): Record<string, unknown> {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      reason: this.reason,
      category: this.category,
      requestId: this.requestId,
      clientRequestId: this.clientRequestId,
      date: this.date,
      retryable: this.retryable,
      attempts: this.attempts,
    };
  }

  private init(): GraphErrorInit {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      requestId: this.requestId,
      clientRequestId: this.clientRequestId,
      date: this.date,
      innerCodes: [...this.innerCodes],
      details: [...this.details],
      retryAfterMs: this.retryAfterMs,
      operation: this.operation,
      context: this.context,
      attempts: this.attempts,
    };
  }
}

export interface ErrorResponseParts {
  status: number;
  body: unknown;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  retryAfterMs?: number;
  operation?: GraphOperation;
  context?: ErrorContext;
}

function innerChain(inner: InnerError | undefined): InnerError[] {
  const chain: InnerError[] = [];
  let current = inner;
  while (current && chain.length < 10) {
    chain.push(current);
    current = current.innerError ?? current.innererror;
  }
  return chain;
}

/** Builds a GraphError from an error response (top-level or a `$batch` sub-response) in Graph's error shape. */
export function graphErrorFromResponse(parts: ErrorResponseParts): GraphError {
  const parsed = errorBodySchema.safeParse(parts.body);
  const headerRequestId = parts.headers['request-id'];
  const headerClientRequestId = parts.headers['client-request-id'];
  if (!parsed.success) {
    const text = typeof parts.body === 'string' && parts.body.length > 0 ? parts.body.slice(0, 300) : '';
    return new GraphError({
      status: parts.status,
      code: `HTTP${parts.status}`,
      message: text || `HTTP ${parts.status} with no Graph error body`,
      requestId: headerRequestId,
      clientRequestId: headerClientRequestId,
      date: parts.headers['date'],
      retryAfterMs: parts.retryAfterMs,
      operation: parts.operation,
      context: parts.context,
    });
  }
  const error = parsed.data.error;
  const chain = innerChain(error.innerError ?? error.innererror);
  const find = (key: 'date' | 'request-id' | 'client-request-id'): string | undefined =>
    chain.map((c) => c[key]).find((v) => v !== undefined);
  return new GraphError({
    status: parts.status,
    code: error.code,
    message: error.message,
    requestId: find('request-id') ?? headerRequestId,
    clientRequestId: find('client-request-id') ?? headerClientRequestId,
    date: find('date') ?? parts.headers['date'],
    innerCodes: chain.map((c) => c.code).filter((c): c is string => c !== undefined),
    details: error.details,
    retryAfterMs: parts.retryAfterMs,
    operation: parts.operation,
    context: parts.context,
  });
}
