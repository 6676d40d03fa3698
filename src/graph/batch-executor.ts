import { silentLogger, systemClock } from './clock';
import type { Clock, GraphLogger } from './clock';
import type { ErrorContext, GraphOperation } from './error-reasons';
import { MAX_BATCH_SIZE } from './graph-client';
import type { BatchEnvelopeResult, BatchSendOptions, BatchSubRequest, BatchSubResponse, HttpMethod } from './graph-client';
import { GraphError, graphErrorFromResponse } from './graph-error';
import { Pacer } from './pacer';
import type { PacerOptions, WorkKind } from './pacer';
import { DEFAULT_RETRY, headerValue, retryAfterFromHeaders, retryDelayMs } from './retry-policy';
import type { RetryOptions } from './retry-policy';
import { ThrottleController } from './throttle-controller';
import type { ThrottleControllerOptions } from './throttle-controller';
import type { WriteBudget } from './write-budget';

export interface BatchItem<M = unknown> {
  /** The caller's correlation key (e.g. the CSV row index); results carry the item back. */
  key: string;
  request: { method: HttpMethod; url: string; body?: unknown; headers?: Record<string, string> };
  /** Which budget the request spends; by default GET is a read, POST /invitations an invitation, the rest writes. */
  kind?: WorkKind;
  operation?: GraphOperation;
  context?: ErrorContext;
  meta?: M;
}

interface ResultBase<M> {
  item: BatchItem<M>;
  /** How many times the request was sent. */
  attempts: number;
  /**
   * An earlier try's connection failed, or it was answered 429 or 5xx, so a write may already have been applied before
   * it was retried (Graph can apply a change and still answer with an error); an operation can read a later
   * "not found" or "already exists" in that light.
   */
  uncertainEarlierAttempt: boolean;
}

export type BatchItemResult<M = unknown> =
  | (ResultBase<M> & { outcome: 'succeeded'; status: number; body: unknown; headers: Record<string, string> })
  | (ResultBase<M> & { outcome: 'failed'; error: GraphError })
  | (ResultBase<M> & {
      outcome: 'not-attempted';
      why: 'stopped' | 'cancelled';
      /** What a person should know: why the run stopped before this row was applied. */
      message: string;
      error?: GraphError;
    });

export interface BatchTransport {
  /**
   * Sends one `$batch` once its pacing claim's turn comes (GraphClient: the pacing middleware), and answers `unsent`
   * without sending when that wait is given up.
   */
  batch(requests: readonly BatchSubRequest[], options?: BatchSendOptions): Promise<BatchEnvelopeResult>;
}

export const DEFAULT_INVITATION_BATCH_SIZE = 20;

export interface BatchExecutorOptions extends PacerOptions, ThrottleControllerOptions {
  transport: BatchTransport;
  retry?: Partial<RetryOptions>;
  batchSize?: number;
  /**
   * Invitations go one batch at a time (see invitationBatchInFlight), so a batch must be large enough for one round
   * trip to carry the 30/s budget: 20, Graph's maximum, by default.
   */
  invitationBatchSize?: number;
  /** Items read ahead of the batches being sent, and unconsumed results held, at most. */
  bufferSize?: number;
  clock?: Clock;
  random?: () => number;
  logger?: GraphLogger;
  /** The tenant's write budget shared with other instances, taken for every `$batch` of writes. */
  writeBudget?: WriteBudget;
}

export interface BatchRunOptions<M> {
  signal?: AbortSignal;
  /**
   * Return true (or a message) to stop the run after this result: items not yet sent come back `not-attempted`.
   * Errors that doom every later row (expired sign-in, blocked invitations, directory quota) stop it anyway.
   */
  shouldStop?: (result: BatchItemResult<M>) => boolean | string;
}

export interface BatchRunStats {
  batches: number;
  subRequests: number;
  /** Sub-requests answered 429 (a throttled `$batch` envelope counts every sub-request in it). */
  throttled: number;
}

interface ItemState<M> {
  item: BatchItem<M>;
  kind: WorkKind;
  attempts: number;
  readyAt: number;
  uncertain: boolean;
  lastError?: GraphError;
  done: boolean;
}

function kindOf(item: BatchItem<unknown>): WorkKind {
  if (item.kind) return item.kind;
  if (item.request.method === 'GET') return 'read';
  if (item.request.method === 'POST' && /^\/?invitations(\?|$)/i.test(item.request.url)) return 'invitation';
  return 'write';
}

class ResultChannel<T> {
  private readonly queue: T[] = [];
  private closed = false;
  private notifyConsumer: (() => void) | undefined;
  private notifyProducer: (() => void) | undefined;

  get size(): number {
    return this.queue.length;
  }

  push(value: T): void {
    this.queue.push(value);
    this.notifyConsumer?.();
  }

  close(): void {
    this.closed = true;
    this.notifyConsumer?.();
  }

  async waitForRoom(limit: number): Promise<void> {
    while (this.queue.length >= limit) {
      await new Promise<void>((resolve) => (this.notifyProducer = resolve));
    }
  }

  async *drain(): AsyncGenerator<T> {
    for (;;) {
      const next = this.queue.shift();
      if (next !== undefined) {
        this.notifyProducer?.();
        yield next;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.notifyConsumer = resolve));
    }
  }
}

/**
 * Runs many independent Graph requests as `$batch` calls of up to 20, paced inside Graph's write and invitation
 * budgets, retrying only the sub-requests that failed retryably, and yielding exactly one result per item. Each
 * `$batch` carries a claim on this executor's pacer, which the transport's pacing middleware waits for; the throttle
 * controller stays here, since it reacts to 429s and `Retry-After` inside the parsed sub-responses.
 */
export class BatchExecutor {
  readonly pacer: Pacer;
  readonly controller: ThrottleController;
  readonly stats: BatchRunStats = { batches: 0, subRequests: 0, throttled: 0 };
  readonly writeBudget: WriteBudget | undefined;
  private readonly retry: RetryOptions;
  private readonly batchSize: number;
  private readonly invitationBatchSize: number;
  private readonly bufferSize: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: GraphLogger;

  constructor(private readonly options: BatchExecutorOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.retry = { ...DEFAULT_RETRY, maxAttempts: 8, ...options.retry };
    this.batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, options.batchSize ?? MAX_BATCH_SIZE));
    this.invitationBatchSize = Math.min(this.batchSize, Math.max(1, options.invitationBatchSize ?? DEFAULT_INVITATION_BATCH_SIZE));
    this.bufferSize = Math.max(this.batchSize * 2, options.bufferSize ?? 400);
    this.pacer = new Pacer(options, this.clock);
    this.writeBudget = options.writeBudget;
    // The sandbox's time scale shortens every window, so the controller's cooldown shrinks with it.
    this.controller = new ThrottleController(this.pacer, () => this.clock.now(), {
      ...options,
      decreaseCooldownMs: options.decreaseCooldownMs ?? 1_000 / (options.rateScale ?? 1),
    });
  }

  async *run<M>(
    items: AsyncIterable<BatchItem<M>> | Iterable<BatchItem<M>>,
    runOptions: BatchRunOptions<M> = {},
  ): AsyncGenerator<BatchItemResult<M>> {
    const run = new BatchRun<M>(this, items, runOptions);
    const engine = run.start();
    try {
      yield* run.output.drain();
    } finally {
      run.abandon();
      await engine;
    }
  }

  /** Collects every result; for callers whose input is small enough to hold. */
  async runAll<M>(
    items: AsyncIterable<BatchItem<M>> | Iterable<BatchItem<M>>,
    runOptions: BatchRunOptions<M> = {},
  ): Promise<BatchItemResult<M>[]> {
    const results: BatchItemResult<M>[] = [];
    for await (const result of this.run(items, runOptions)) results.push(result);
    return results;
  }

  /** @internal used by BatchRun */
  settings(): {
    transport: BatchTransport;
    retry: RetryOptions;
    batchSize: number;
    invitationBatchSize: number;
    bufferSize: number;
    clock: Clock;
    random: () => number;
    logger: GraphLogger;
  } {
    return {
      transport: this.options.transport,
      retry: this.retry,
      batchSize: this.batchSize,
      invitationBatchSize: this.invitationBatchSize,
      bufferSize: this.bufferSize,
      clock: this.clock,
      random: this.random,
      logger: this.logger,
    };
  }
}

class BatchRun<M> {
  readonly output = new ResultChannel<BatchItemResult<M>>();
  private readonly fresh: ItemState<M>[] = [];
  private readonly waiting: ItemState<M>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly halt = new AbortController();
  private readonly settings: ReturnType<BatchExecutor['settings']>;
  private stopInfo: { why: 'stopped' | 'cancelled'; message: string; error?: GraphError } | undefined;
  private abandoned = false;
  private wake: (() => void) | undefined;
  private wakeSignal = new AbortController();
  /**
   * One invitation batch at a time: when Graph blocks a tenant's invitations, every batch already in flight is
   * refused too, so a second concurrent batch would waste its rows (the invite budget is met with one anyway).
   */
  private invitationBatchInFlight = false;

  constructor(
    private readonly executor: BatchExecutor,
    private readonly items: AsyncIterable<BatchItem<M>> | Iterable<BatchItem<M>>,
    private readonly options: BatchRunOptions<M>,
  ) {
    this.settings = executor.settings();
    const signal = options.signal;
    if (signal) {
      const onAbort = (): void => this.stop({ why: 'cancelled', message: 'The run was cancelled before this row was sent.' });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  abandon(): void {
    this.abandoned = true;
    this.stop({ why: 'cancelled', message: 'The consumer stopped reading results.' });
  }

  async start(): Promise<void> {
    const iterator = Symbol.asyncIterator in this.items
      ? (this.items as AsyncIterable<BatchItem<M>>)[Symbol.asyncIterator]()
      : (this.items as Iterable<BatchItem<M>>)[Symbol.iterator]();
    let sourceDone = false;
    try {
      while (!this.stopInfo) {
        while (!sourceDone && !this.stopInfo && this.fresh.length + this.waiting.length < this.settings.bufferSize) {
          await this.output.waitForRoom(this.settings.bufferSize);
          const next = await iterator.next();
          if (next.done) sourceDone = true;
          else this.fresh.push(this.newState(next.value));
        }
        if (this.stopInfo) break;
        if (sourceDone && this.fresh.length === 0 && this.waiting.length === 0 && this.inFlight.size === 0) break;
        const batch = this.inFlight.size < this.executor.controller.concurrency ? this.takeReady() : [];
        if (batch.length > 0) {
          const task: Promise<void> = this.sendBatch(batch).finally(() => {
            this.inFlight.delete(task);
            this.notify();
          });
          this.inFlight.add(task);
          continue;
        }
        await this.waitForEvent();
      }
      await Promise.all([...this.inFlight]);
      const info = this.stopInfo ?? { why: 'cancelled' as const, message: 'The run ended before this row was sent.' };
      for (const state of [...this.waiting, ...this.fresh]) this.notAttempted(state, info);
      this.waiting.length = 0;
      this.fresh.length = 0;
      if (!this.abandoned) {
        while (!sourceDone) {
          await this.output.waitForRoom(this.settings.bufferSize);
          const next = await iterator.next();
          if (next.done) sourceDone = true;
          else this.notAttempted(this.newState(next.value), info);
        }
      }
    } finally {
      if (!sourceDone && 'return' in iterator && typeof iterator.return === 'function') await iterator.return();
      this.output.close();
    }
  }

  private newState(item: BatchItem<M>): ItemState<M> {
    return { item, kind: kindOf(item), attempts: 0, readyAt: 0, uncertain: false, done: false };
  }

  private stop(info: { why: 'stopped' | 'cancelled'; message: string; error?: GraphError }): void {
    if (this.stopInfo) return;
    this.stopInfo = info;
    this.halt.abort();
    this.notify();
  }

  private notify(): void {
    this.wakeSignal.abort();
    this.wake?.();
  }

  private async waitForEvent(): Promise<void> {
    this.wakeSignal = new AbortController();
    const event = new Promise<void>((resolve) => (this.wake = resolve));
    const now = this.settings.clock.now();
    // A ready invitation retry cannot go while an invitation batch is in flight; counting it here would make the
    // sleep zero and spin the loop on resolved promises, starving the very response it waits for.
    const nextReady = this.waiting
      .filter((s) => s.kind !== 'invitation' || !this.invitationBatchInFlight)
      .reduce((min, s) => Math.min(min, s.readyAt), Number.POSITIVE_INFINITY);
    const canSendMore = this.inFlight.size < this.executor.controller.concurrency;
    if (canSendMore && Number.isFinite(nextReady)) {
      await Promise.race([event, this.settings.clock.sleep(Math.max(0, nextReady - now), this.wakeSignal.signal)]);
    } else {
      await event;
    }
    this.wake = undefined;
  }

  /** Ready retries first (oldest rows first), then fresh rows; one kind of work per batch. */
  private takeReady(): ItemState<M>[] {
    const now = this.settings.clock.now();
    this.waiting.sort((a, b) => a.readyAt - b.readyAt);
    const first = this.waiting.find((s) => s.readyAt <= now) ?? this.fresh[0];
    if (!first) return [];
    if (first.kind === 'invitation' && this.invitationBatchInFlight) return [];
    const batch: ItemState<M>[] = [];
    const size = first.kind === 'invitation' ? this.settings.invitationBatchSize : this.settings.batchSize;
    const pick = (list: ItemState<M>[], ready: (s: ItemState<M>) => boolean): void => {
      for (let i = 0; i < list.length && batch.length < size; ) {
        const state = list[i];
        if (state && state.kind === first.kind && ready(state)) {
          batch.push(state);
          list.splice(i, 1);
        } else i++;
      }
    };
    pick(this.waiting, (s) => s.readyAt <= now);
    pick(this.fresh, () => true);
    return batch;
  }

  private async sendBatch(batch: ItemState<M>[]): Promise<void> {
    const kind = batch[0]?.kind ?? 'write';
    if (kind !== 'invitation') return this.sendPacedBatch(batch, kind);
    this.invitationBatchInFlight = true;
    try {
      return await this.sendPacedBatch(batch, kind);
    } finally {
      this.invitationBatchInFlight = false;
    }
  }

  private async sendPacedBatch(batch: ItemState<M>[], kind: WorkKind): Promise<void> {
    // The tenant's budget shared by every instance (when configured) is taken before this instance's own pacing.
    if (kind === 'write') await this.executor.writeBudget?.acquire(batch.length, this.halt.signal);
    if (this.stopInfo) {
      for (const state of batch) this.notAttempted(state, this.stopInfo);
      return;
    }
    const requests: BatchSubRequest[] = batch.map((state, index) => ({ id: String(index + 1), ...state.item.request }));
    // The halt signal gives up the pacing wait only: a batch already sent is not cancelled, so its results still count.
    const pacing = { pacer: this.executor.pacer, kind, weight: batch.length, signal: this.halt.signal };
    let envelope: BatchEnvelopeResult;
    try {
      envelope = await this.settings.transport.batch(requests, { pacing });
    } catch (error) {
      envelope = {
        ok: false,
        headers: {},
        error: new GraphError({ status: 0, code: 'TransportFailed', message: error instanceof Error ? error.message : String(error) }),
      };
    }
    if (!envelope.ok && envelope.unsent) {
      // Stopped while it waited for its turn: nothing was sent.
      const info = this.stopInfo ?? { why: 'cancelled' as const, message: 'The run ended before this row was sent.' };
      for (const state of batch) this.notAttempted(state, info);
      return;
    }
    for (const state of batch) state.attempts++;
    this.executor.stats.batches++;
    this.executor.stats.subRequests += batch.length;
    if (!envelope.ok) {
      this.onEnvelopeFailure(batch, envelope.error);
      return;
    }
    const limit = Number(envelope.headers['x-ms-throttle-limit-percentage']);
    let highestLimit = Number.isFinite(limit) ? limit : 0;
    let throttled = false;
    let longestRetryAfter: number | undefined;
    const failures: { state: ItemState<M>; error: GraphError }[] = [];
    batch.forEach((state, index) => {
      const response = envelope.responses.get(String(index + 1));
      const percentage = Number(headerValue(response?.headers, 'x-ms-throttle-limit-percentage'));
      if (Number.isFinite(percentage)) highestLimit = Math.max(highestLimit, percentage);
      if (response && response.status === 429) {
        throttled = true;
        this.executor.stats.throttled++;
        const after = retryAfterFromHeaders(response.headers, this.settings.clock.now());
        if (after !== undefined) longestRetryAfter = Math.max(longestRetryAfter ?? 0, after);
      }
      const failure = this.onSubResponse(state, response);
      if (failure) failures.push({ state, error: failure });
    });
    this.retryOrFailTogether(failures);
    if (throttled) {
      this.executor.controller.onThrottled(kind, longestRetryAfter);
    } else {
      if (highestLimit > 0) this.executor.controller.onLimitPercentage(highestLimit);
      this.executor.controller.onCleanBatch();
    }
  }

  private onEnvelopeFailure(batch: ItemState<M>[], error: GraphError): void {
    this.settings.logger.warn({ status: error.status, code: error.code, size: batch.length }, '$batch request failed');
    if (error.category === 'token-expired') {
      const info = { why: 'stopped' as const, message: error.reason, error };
      for (const state of batch) this.notAttempted(state, info);
      this.stop(info);
      return;
    }
    if (error.status === 429) {
      this.executor.stats.throttled += batch.length;
      this.executor.controller.onThrottled(batch[0]?.kind ?? 'write', error.retryAfterMs);
    }
    if (error.status === 0 || error.status >= 500) for (const state of batch) state.uncertain = true;
    this.retryOrFailTogether(batch.map((state) => ({ state, error })));
  }

  /** Settles a sub-response, or returns the error to retry or fail it with. */
  private onSubResponse(state: ItemState<M>, response: BatchSubResponse | undefined): GraphError | undefined {
    if (!response) {
      return new GraphError({
        status: 502,
        code: 'MissingSubResponse',
        message: 'The $batch response had no answer for this request.',
      });
    }
    if (response.status < 400) {
      this.finish(state, {
        outcome: 'succeeded',
        item: state.item,
        attempts: state.attempts,
        uncertainEarlierAttempt: state.uncertain,
        status: response.status,
        body: response.body,
        headers: lowerCaseKeys(response.headers),
      });
      return undefined;
    }
    const headers = lowerCaseKeys(response.headers);
    const error = graphErrorFromResponse({
      status: response.status,
      body: response.body,
      headers,
      retryAfterMs: retryAfterFromHeaders(headers, this.settings.clock.now()),
    });
    if (error.category === 'token-expired') {
      const explained = this.explain(state, error);
      const info = { why: 'stopped' as const, message: explained.reason, error: explained };
      this.notAttempted(state, info);
      this.stop(info);
      return undefined;
    }
    if (state.kind !== 'read' && mayHaveBeenApplied(response.status)) state.uncertain = true;
    return error;
  }

  /**
   * Failures from one batch that can be retried wait together, as long as the longest Retry-After among them (as
   * Graph advises), so that they go out again as one batch rather than scattered by per-item jitter.
   */
  private retryOrFailTogether(failures: { state: ItemState<M>; error: GraphError }[]): void {
    const retries: { state: ItemState<M>; error: GraphError }[] = [];
    for (const failure of failures) {
      if (failure.error.retryable && failure.state.attempts < this.settings.retry.maxAttempts) retries.push(failure);
      else this.fail(failure.state, failure.error);
    }
    if (retries.length === 0) return;
    if (this.stopInfo) {
      for (const { state, error } of retries) this.notAttempted(state, { ...this.stopInfo, error: this.explain(state, error) });
      return;
    }
    const attempts = Math.max(...retries.map((r) => r.state.attempts));
    const retryAfters = retries.map((r) => r.error.retryAfterMs).filter((v): v is number => v !== undefined);
    const retryAfter = retryAfters.length > 0 ? Math.max(...retryAfters) : undefined;
    const readyAt = this.settings.clock.now() + retryDelayMs(attempts, retryAfter, this.settings.retry, this.settings.random);
    for (const { state, error } of retries) {
      state.readyAt = readyAt;
      state.lastError = error;
      this.waiting.push(state);
    }
  }

  private fail(state: ItemState<M>, error: GraphError): void {
    this.finish(state, {
      outcome: 'failed',
      item: state.item,
      attempts: state.attempts,
      uncertainEarlierAttempt: state.uncertain,
      error: this.explain(state, error),
    });
  }

  private explain(state: ItemState<M>, error: GraphError): GraphError {
    return error.explainedFor(state.item.operation, state.item.context, state.attempts);
  }

  private notAttempted(state: ItemState<M>, info: { why: 'stopped' | 'cancelled'; message: string; error?: GraphError }): void {
    const error = info.error ?? (state.lastError ? this.explain(state, state.lastError) : undefined);
    this.finish(state, {
      outcome: 'not-attempted',
      item: state.item,
      attempts: state.attempts,
      uncertainEarlierAttempt: state.uncertain,
      why: info.why,
      message: info.message,
      ...(error ? { error } : {}),
    });
  }

  private finish(state: ItemState<M>, result: BatchItemResult<M>): void {
    if (state.done) throw new Error(`BatchExecutor invariant broken: item ${state.item.key} finished twice`);
    state.done = true;
    if (!this.abandoned) this.output.push(result);
    if (result.outcome === 'not-attempted') return;
    const verdict = this.options.shouldStop?.(result);
    if (verdict) {
      this.stop({ why: 'stopped', message: typeof verdict === 'string' ? verdict : 'The run was stopped before this row was sent.' });
    } else if (result.outcome === 'failed' && result.error.stopsRun) {
      this.stop({ why: 'stopped', message: result.error.reason, error: result.error });
    }
  }
}

/** Answers after which a write may still have been carried out: Graph's gateway can fail after the directory applied it. */
function mayHaveBeenApplied(status: number): boolean {
  return status === 429 || status >= 500;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}
