import { createHash } from 'node:crypto';
import { fail } from '../graph-error';
import type { HandlerResult } from '../graph-error';
import { evaluateFilter } from '../odata/filter';
import type { FilterNode } from '../odata/filter';
import { compareBy } from '../odata/order-and-select';
import { applySelect } from '../odata/order-and-select';
import { countSegmentNeedsEventualConsistency } from '../odata/query-errors';
import { parseQueryOptions } from '../odata/query-options';
import type { EntityKind, QueryOptions } from '../odata/query-options';
import { matchesSearch } from '../odata/search';
import type { GraphRequest, SandboxServices } from './context';
import { isEventual } from './context';

export type Row = Record<string, unknown>;

/** Objects in listing order from a position on, as [position, row]. */
export type ListSource = (start: number) => Iterable<[number, Row]>;

export function arraySource(rows: readonly Row[]): ListSource {
  return function* (start: number) {
    for (let i = start; i < rows.length; i += 1) {
      const row = rows[i];
      if (row) yield [i, row];
    }
  };
}

interface SkipToken {
  h: string;
  p: number;
  s?: string;
}

function queryHash(query: URLSearchParams): string {
  const kept = [...query.entries()].filter(([key]) => key.toLowerCase().replace(/^\$/, '') !== 'skiptoken');
  return createHash('sha1').update(JSON.stringify(kept)).digest('base64url').slice(0, 12);
}

function encodeToken(token: SkipToken): string {
  return `RFNwdAI${Buffer.from(JSON.stringify(token)).toString('base64url')}`;
}

function decodeToken(raw: string, hash: string): SkipToken {
  const invalid = (): never => fail(400, 'Request_BadRequest', `'${raw}' is not a valid $skiptoken value.`);
  if (!raw.startsWith('RFNwdAI')) return invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw.slice(7), 'base64url').toString('utf8'));
  } catch {
    return invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) return invalid();
  const token = parsed as Partial<SkipToken>;
  if (typeof token.p !== 'number' || token.h !== hash) return invalid();
  return { h: token.h, p: token.p, s: typeof token.s === 'string' ? token.s : undefined };
}

export function parseOptions(
  request: GraphRequest,
  entity: EntityKind,
  extra: { deletedItems?: boolean; query?: URLSearchParams } = {},
): QueryOptions {
  const parsed = parseQueryOptions(extra.query ?? request.query, {
    entity,
    consistencyLevelEventual: isEventual(request),
    deletedItems: extra.deletedItems,
    ...(request.refusedFilters ? { refusedFilters: request.refusedFilters } : {}),
  });
  if (!parsed.ok) return fail(parsed.error.status, parsed.error.code, parsed.error.message);
  return parsed.value;
}

export interface ListSpec {
  entity: EntityKind;
  source: ListSource;
  /** Entity set named in @odata.context, e.g. `users` or `directoryObjects`. */
  contextName: string;
  defaults: readonly string[] | undefined;
  deletedItems?: boolean;
  /** Adds `@odata.type` to each row (directoryObject collections). */
  odataType?: (row: Row) => string;
  /** Adds what `$expand` asked for to a row after `$select` shaped it. */
  decorate?: (row: Row, shaped: Row) => Row;
  /**
   * A smaller source holding every row the filter can match, in listing order, when the filter names its rows by key
   * (`id in (…)`): Graph looks those up by index, and a scan of a large tenant per lookup would make the sandbox, not
   * Graph's budget, the limit. The filter is still applied to every row it yields.
   */
  keyed?: (filter: FilterNode) => ListSource | undefined;
}

export function matcher(options: QueryOptions): (row: Row) => boolean {
  const { filter, search } = options;
  return (row) => (filter === undefined || evaluateFilter(filter, row)) && (search === undefined || matchesSearch(search, row));
}

export function listResponse(request: GraphRequest, services: SandboxServices, spec: ListSpec): HandlerResult {
  const options = parseOptions(request, spec.entity, { deletedItems: spec.deletedItems });
  const top = options.top ?? 100;
  const hash = queryHash(request.query);
  const token = options.skipToken === undefined ? undefined : decodeToken(options.skipToken, hash);
  const matches = matcher(options);
  const source = (options.filter ? spec.keyed?.(options.filter) : undefined) ?? spec.source;
  const page: Row[] = [];
  let next: SkipToken | undefined;
  let count: number | undefined;

  if (options.orderBy && options.orderBy.length > 0) {
    let snapshot = token?.s ? services.listingCache.get(token.s) : undefined;
    let snapshotKey = token?.s;
    if (!snapshot) {
      const rows: Row[] = [];
      for (const [, row] of source(0)) if (matches(row)) rows.push(row);
      rows.sort(compareBy(options.orderBy));
      snapshot = { rows };
      snapshotKey = services.listingCache.put(snapshot);
    }
    const start = token?.p ?? 0;
    page.push(...snapshot.rows.slice(start, start + top));
    if (start + top < snapshot.rows.length) next = { h: hash, p: start + top, s: snapshotKey };
    if (options.count && !token) count = snapshot.rows.length;
  } else {
    for (const [position, row] of source(token?.p ?? 0)) {
      if (!matches(row)) continue;
      if (page.length === top) {
        next = { h: hash, p: position };
        break;
      }
      page.push(row);
    }
    if (options.count && !token) {
      count = 0;
      for (const [, row] of source(0)) if (matches(row)) count += 1;
    }
  }

  const body: Row = { '@odata.context': contextUrl(services, spec.contextName, options.select) };
  if (count !== undefined) body['@odata.count'] = count;
  if (next) {
    const params = [...request.query.entries()].filter(([key]) => key.toLowerCase().replace(/^\$/, '') !== 'skiptoken');
    params.push(['$skiptoken', encodeToken(next)]);
    const query = params.map(([key, value]) => `${odataEncode(key)}=${odataEncode(value)}`).join('&');
    body['@odata.nextLink'] = `${services.graphBaseUrl}${request.path}?${query}`;
  }
  body.value = page.map((row) => {
    const shaped = present(row, options.select, spec.defaults, spec.odataType);
    return spec.decorate ? spec.decorate(row, shaped) : shaped;
  });
  return { status: 200, body };
}

export function present(
  row: Row,
  select: readonly string[] | undefined,
  defaults: readonly string[] | undefined,
  odataType?: (row: Row) => string,
): Row {
  const shaped = applySelect(row, select, defaults) as Row;
  return odataType ? { '@odata.type': odataType(row), ...shaped } : shaped;
}

export function contextUrl(services: SandboxServices, entitySet: string, select?: readonly string[], entity = false): string {
  const selection = select && select.length > 0 ? `(${select.join(',')})` : '';
  return `${services.graphBaseUrl}/$metadata#${entitySet}${selection}${entity ? '/$entity' : ''}`;
}

export function countResponse(request: GraphRequest, spec: { entity: EntityKind; source: ListSource; deletedItems?: boolean }): HandlerResult {
  if (!isEventual(request)) {
    const error = countSegmentNeedsEventualConsistency();
    fail(error.status, error.code, error.message);
  }
  const query = new URLSearchParams(request.query);
  const options = parseOptions(request, spec.entity, { deletedItems: spec.deletedItems, query });
  const matches = matcher(options);
  let count = 0;
  for (const [, row] of spec.source(0)) if (matches(row)) count += 1;
  return { status: 200, text: String(count), headers: { 'content-type': 'text/plain' } };
}

/** Percent-encodes like Graph's nextLinks do: `$`, `,`, `'`, `(`, `)` and `:` stay readable. */
function odataEncode(value: string): string {
  return encodeURIComponent(value).replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%3A/gi, ':').replace(/%27/g, "'");
}
