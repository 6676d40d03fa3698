import { z } from 'zod';
import { parseRefusedFilter, REFUSABLE_OPERATORS } from './odata/refused-filters';
import type { RefusedFilter } from './odata/refused-filters';
import type { Random } from './prng';

export const faultSettingsSchema = z
  .object({
    errorRate: z.number().min(0).max(1).optional(),
    errorStatus: z.number().int().min(400).max(599).optional(),
    retryAfterSeconds: z.number().min(0).max(3600).optional(),
    resetRate: z.number().min(0).max(1).optional(),
    /** Share of requests applied in full whose connection is then dropped before the answer is sent. */
    resetAfterRate: z.number().min(0).max(1).optional(),
    /**
     * Share of writes (not GET) carried out in full (audited with their real status) that are then answered with
     * `applyThenFailStatus` instead, as a gateway that timed out after the directory applied the change would.
     */
    applyThenFailRate: z.number().min(0).max(1).optional(),
    applyThenFailStatus: z.union([z.literal(429), z.literal(503)]).optional(),
    /** At most this many such answers (then none); with no rate given, every matching write until the count is spent. */
    applyThenFailCount: z.number().int().min(0).optional(),
    /** `false` leaves `Retry-After` off injected 429/503 answers (they carry one second by default). */
    sendRetryAfter: z.boolean().optional(),
    extraLatencyMs: z.number().int().min(0).max(120_000).optional(),
    invitationBlockAfter: z.number().int().min(0).optional(),
    /**
     * `$filter` clauses this tenant refuses, as `"<property> <operator>"` (e.g. `"userPrincipalName ge"`): any request
     * (also inside `$batch`) whose filter uses that property with that operator, anywhere in the expression, answers
     * 400 Request_UnsupportedQuery as Graph does. For queries the docs are unsure about, so the client's fallbacks run.
     */
    unsupportedFilters: z
      .array(
        z.string().refine((entry) => parseRefusedFilter(entry) !== undefined, {
          message: `each entry is '<property> <operator>' with operator one of ${REFUSABLE_OPERATORS.join(', ')}`,
        }),
      )
      .max(100)
      .optional(),
    paths: z
      .string()
      .refine((pattern) => {
        try {
          new RegExp(pattern);
          return true;
        } catch {
          return false;
        }
      }, 'paths must be a valid regular expression')
      .optional(),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export type FaultDecision =
  | { kind: 'none'; extraLatencyMs: number; resetAfter: boolean }
  | { kind: 'reset' }
  | { kind: 'error'; status: number; retryAfterSeconds?: number; extraLatencyMs: number };

const ERROR_CODES: Record<number, { code: string; message: string }> = {
  409: { code: 'Directory_ConcurrencyViolation', message: 'Error due to concurrent requests being made to the tenant. Please wait briefly and retry.' },
  429: { code: 'TooManyRequests', message: 'Please retry again later.' },
  500: { code: 'Service_InternalServerError', message: 'Encountered an internal server error.' },
  502: { code: 'badGateway', message: 'The service could not be reached. Please retry later.' },
  503: { code: 'serviceNotAvailable', message: 'The service is temporarily unavailable. Please retry later.' },
  504: { code: 'gatewayTimeout', message: 'The operation timed out. Please retry later.' },
};

export function faultError(status: number): { code: string; message: string } {
  return ERROR_CODES[status] ?? { code: 'generalException', message: 'An error occurred while processing the request (injected fault).' };
}

/** How many faults were injected since the settings were last changed. */
export interface InjectedFaults {
  errors: number;
  /** Connections dropped before the request was carried out. */
  resets: number;
  /** Connections dropped after the request was carried out (the client never hears that it was). */
  resetsAfterApply: number;
  /** Writes carried out and then answered 429/503 (the client is told it failed). */
  appliedThenFailed: number;
}

/** The error answer that replaces a write the sandbox has just carried out. */
export interface AppliedThenFailed {
  status: 429 | 503;
  retryAfterSeconds?: number;
}

export class FaultInjector {
  private settings: FaultSettings = {};
  private pattern: RegExp | undefined;
  private refused: RefusedFilter[] = [];
  private counts: InjectedFaults = { errors: 0, resets: 0, resetsAfterApply: 0, appliedThenFailed: 0 };

  constructor(private readonly random: Random) {}

  set(settings: FaultSettings): void {
    this.settings = settings;
    this.counts = { errors: 0, resets: 0, resetsAfterApply: 0, appliedThenFailed: 0 };
    this.pattern = settings.paths === undefined ? undefined : new RegExp(settings.paths);
    this.refused = (settings.unsupportedFilters ?? []).flatMap((entry) => parseRefusedFilter(entry) ?? []);
  }

  /** Filter clauses refused on every path (the `paths` pattern does not narrow them). */
  refusedFilters(): readonly RefusedFilter[] {
    return this.refused;
  }

  clear(): void {
    this.set({});
  }

  current(): FaultSettings {
    return this.settings;
  }

  injected(): InjectedFaults {
    return { ...this.counts };
  }

  invitationsBlocked(invitationsSent: number): boolean {
    const limit = this.settings.invitationBlockAfter;
    return limit !== undefined && invitationsSent >= limit;
  }

  decide(path: string, canReset: boolean): FaultDecision {
    const s = this.settings;
    if (this.pattern && !this.pattern.test(path)) return { kind: 'none', extraLatencyMs: 0, resetAfter: false };
    const extraLatencyMs = s.extraLatencyMs ?? 0;
    const connection = canReset ? this.decideConnection() : 'keep';
    if (connection === 'reset') return { kind: 'reset' };
    if (s.errorRate !== undefined && s.errorRate > 0 && this.random() < s.errorRate) {
      const status = s.errorStatus ?? 503;
      this.counts.errors += 1;
      const retryAfterSeconds =
        s.sendRetryAfter === false ? undefined : (s.retryAfterSeconds ?? (status === 503 || status === 429 ? 1 : undefined));
      return { kind: 'error', status, retryAfterSeconds, extraLatencyMs };
    }
    return { kind: 'none', extraLatencyMs, resetAfter: connection === 'reset-after' };
  }

  /** Called after a write (also a `$batch` step) was carried out with `appliedStatus`: the error to answer instead, if any. */
  afterApply(path: string, method: string, appliedStatus: number): AppliedThenFailed | undefined {
    const s = this.settings;
    if (method === 'GET' || method === 'HEAD' || appliedStatus < 200 || appliedStatus >= 300) return undefined;
    if (s.applyThenFailRate === undefined && s.applyThenFailCount === undefined) return undefined;
    if (this.pattern && !this.pattern.test(path)) return undefined;
    if (s.applyThenFailCount !== undefined && this.counts.appliedThenFailed >= s.applyThenFailCount) return undefined;
    const rate = s.applyThenFailRate ?? 1;
    if (rate <= 0 || (rate < 1 && this.random() >= rate)) return undefined;
    this.counts.appliedThenFailed += 1;
    const status = s.applyThenFailStatus ?? 503;
    return s.sendRetryAfter === false ? { status } : { status, retryAfterSeconds: s.retryAfterSeconds ?? 1 };
  }

  /**
   * Connection faults only, for a whole `$batch` envelope: its steps get errors from decide(), but only the envelope
   * travels on a connection that can be dropped, before its steps run or after they were applied.
   */
  decideEnvelope(path: string): 'keep' | 'reset' | 'reset-after' {
    if (this.pattern && !this.pattern.test(path)) return 'keep';
    return this.decideConnection();
  }

  private decideConnection(): 'keep' | 'reset' | 'reset-after' {
    const s = this.settings;
    if (s.resetRate !== undefined && s.resetRate > 0 && this.random() < s.resetRate) {
      this.counts.resets += 1;
      return 'reset';
    }
    if (s.resetAfterRate !== undefined && s.resetAfterRate > 0 && this.random() < s.resetAfterRate) {
      this.counts.resetsAfterApply += 1;
      return 'reset-after';
    }
    return 'keep';
  }
}
