import { z } from 'zod';
import type { RowCheck, RowIssue } from '../csv/validate-rows';
import type { FieldCheck } from './field-rules';

/** How one cell becomes a value. Blank and absent cells arrive as ''. */
export interface Field<T> {
  parse(raw: string): FieldCheck<T>;
}

export type FieldValues<F> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

export type ReportIssue = (token: string, message: string, fix: string) => void;

export interface CellOptions {
  /** Default true; false keeps leading and trailing spaces so the rule can object to them (passwords). */
  trim?: boolean;
}

/** A required cell: blank is an error that says what belongs there. */
export function required<T>(check: (value: string) => FieldCheck<T>, hint: string, options: CellOptions = {}): Field<T> {
  const trim = options.trim ?? true;
  return {
    parse(raw) {
      const value = trim ? raw.trim() : raw;
      if (value.trim() === '') return { ok: false, message: 'the cell is empty', fix: `put ${hint} here, or remove the row` };
      return check(value);
    },
  };
}

/** An optional cell: blank becomes undefined. */
export function optional<T>(check: (value: string) => FieldCheck<T>): Field<T | undefined> {
  return {
    parse(raw) {
      const value = raw.trim();
      return value === '' ? { ok: true, value: undefined } : check(value);
    },
  };
}

/** Free text kept as written apart from surrounding spaces; blank becomes undefined. */
export function optionalText(): Field<string | undefined> {
  return {
    parse(raw) {
      const value = raw.trim();
      return { ok: true, value: value === '' ? undefined : value };
    },
  };
}

const isCellRecord = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null;

export interface RowRules<R> {
  /** The row schema: cells keyed by template token in, the typed row out; issues carry `params.fix`. */
  schema: z.ZodType<R, z.ZodTypeDef, Record<string, string>>;
  /** The same rules without zod's per-call cost, for the bulk engine. */
  check: (cells: Record<string, string>) => RowCheck<R>;
}

/**
 * A kind's row rules, built once: every field is checked (so a row reports all its problems, each under
 * its own column), then `finish` does cross-field checks and shapes the row (returning undefined after
 * reporting an issue). The zod schema wraps `check`;
 * the bulk engine calls `check` directly because a zod call per row doubled CPU time and added ~100 MB
 * at 100,000 rows.
 */
export function rowRules<F extends Record<string, Field<unknown>>, R>(
  fields: F,
  finish: (values: FieldValues<F>, report: ReportIssue) => R | undefined,
): RowRules<R> {
  const entries = Object.entries(fields);
  const check = (cells: Record<string, string>): RowCheck<R> => {
    let issues: RowIssue[] | undefined;
    const report: ReportIssue = (token, message, fix) => {
      (issues ??= []).push({ token, message, fix });
    };
    const values: Record<string, unknown> = {};
    for (const [token, field] of entries) {
      const result = field.parse(cells[token] ?? '');
      if (result.ok) values[token] = result.value;
      else report(token, result.message, result.fix);
    }
    if (issues) return { ok: false, issues };
    // Every field parsed, so `values` holds exactly the FieldValues<F> shape.
    const row = finish(values as FieldValues<F>, report);
    if (issues) return { ok: false, issues };
    if (row === undefined) return { ok: false, issues: [{ token: entries[0]?.[0] ?? '', message: 'the row could not be read', fix: 'check it against the template' }] };
    return { ok: true, value: row };
  };
  const schema = z.custom<Record<string, string>>(isCellRecord, { message: 'a row must be a record of cells' }).transform((cells, ctx) => {
    const result = check(cells);
    if (result.ok) return result.value;
    for (const issue of result.issues) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [issue.token], message: issue.message, params: { fix: issue.fix } });
    }
    return z.NEVER;
  });
  return { schema, check };
}
