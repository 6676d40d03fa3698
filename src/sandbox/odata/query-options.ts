import type { FilterNode } from './filter';
import { parseFilter } from './filter-parser';
import type { OrderByClause } from './order-and-select';
import { entityTypeName, resolveProperty, resourceLabel, type EntityKind } from './entity-schema';
import { deletedItemsOrderBySupport, orderBySupport } from './query-capabilities';
import { badRequest, propertyNotFound, unsupportedFilterClause, unsupportedQuery, type GraphErrorBody } from './query-errors';
import { findRefusedClause, type RefusedFilter } from './refused-filters';
import type { SearchNode } from './search';
import { parseSearch } from './search-parser';

export type { EntityKind } from './entity-schema';
export type { GraphErrorBody } from './query-errors';

export interface QueryOptions {
  select?: string[];
  top?: number;
  filter?: FilterNode;
  search?: SearchNode;
  orderBy?: OrderByClause[];
  /** `$count=true` honoured (only with `ConsistencyLevel: eventual`; Graph silently ignores it otherwise). */
  count: boolean;
  skipToken?: string;
  /** ConsistencyLevel: eventual plus `$count=true` or `$search`: the request runs against the advanced-query index. */
  advanced: boolean;
}

export interface QueryContext {
  entity: EntityKind;
  consistencyLevelEventual: boolean;
  maxTop?: number;
  /** Listing `/directory/deletedItems/microsoft.graph.{type}`. */
  deletedItems?: boolean;
  /** The request is the `/$count` path segment, which with ConsistencyLevel: eventual is itself an advanced query. */
  countSegment?: boolean;
  /** Clauses this tenant refuses whatever the docs say (the `unsupportedFilters` fault). */
  refusedFilters?: readonly RefusedFilter[];
}

export type ParseResult = { ok: true; value: QueryOptions } | { ok: false; error: GraphErrorBody };

// Graph v1.0 accepts system query options with or without the `$` and in any case.
function readOption(params: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of params) {
    const normalized = key.toLowerCase();
    if (normalized === `$${name}` || normalized === name) return value;
  }
  return undefined;
}

export function parseQueryOptions(params: URLSearchParams, ctx: QueryContext): ParseResult {
  const fail = (error: GraphErrorBody): ParseResult => ({ ok: false, error });
  const typeName = entityTypeName(ctx.entity);

  if (readOption(params, 'skip') !== undefined) return fail(badRequest("'$skip' is not supported by the service."));

  const countRaw = readOption(params, 'count');
  if (countRaw !== undefined && !['true', 'false'].includes(countRaw.trim().toLowerCase())) {
    return fail(badRequest(`Invalid value '${countRaw}' for $count. Expected 'true' or 'false'.`));
  }
  const countRequested = countRaw?.trim().toLowerCase() === 'true';
  const count = countRequested && ctx.consistencyLevelEventual;

  const searchRaw = readOption(params, 'search');
  if (searchRaw !== undefined && !ctx.consistencyLevelEventual) {
    return fail(
      unsupportedQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"),
    );
  }
  const advanced = ctx.consistencyLevelEventual && (count || searchRaw !== undefined || ctx.countSegment === true);
  const value: QueryOptions = { count, advanced };

  const topRaw = readOption(params, 'top');
  if (topRaw !== undefined) {
    const maxTop = ctx.maxTop ?? 999;
    const top = /^\s*\d+\s*$/.test(topRaw) ? Number(topRaw) : Number.NaN;
    if (!Number.isInteger(top) || top < 1 || top > maxTop) {
      return fail(unsupportedQuery(`Invalid page size specified: '${topRaw}'. Must be between 1 and ${maxTop} inclusive.`));
    }
    value.top = top;
  }

  const selectRaw = readOption(params, 'select');
  if (selectRaw !== undefined && selectRaw.trim() !== '') {
    const select: string[] = [];
    for (const raw of selectRaw.split(',')) {
      const name = raw.trim();
      if (name === '') continue;
      if (name === '*') return fail(badRequest("Wildcard '*' in $select is not supported for directory objects."));
      const property = resolveProperty(ctx.entity, name);
      if (property === undefined) return fail(propertyNotFound(name, typeName));
      if (!select.includes(property.name)) select.push(property.name);
    }
    value.select = select;
  }

  const filterRaw = readOption(params, 'filter');
  if (filterRaw !== undefined && filterRaw.trim() !== '') {
    const filter = parseFilter(filterRaw, { entity: ctx.entity, advanced });
    if (!filter.ok) return fail(filter.error);
    const refused = findRefusedClause(filter.value, ctx.refusedFilters ?? []);
    if (refused !== undefined) return fail(unsupportedFilterClause(refused.property, resourceLabel(ctx.entity)));
    value.filter = filter.value;
  }

  if (searchRaw !== undefined && searchRaw.trim() !== '') {
    const search = parseSearch(searchRaw, ctx.entity);
    if (!search.ok) return fail(search.error);
    value.search = search.value;
  }

  const orderByRaw = readOption(params, 'orderby');
  if (orderByRaw !== undefined && orderByRaw.trim() !== '') {
    const orderBy: OrderByClause[] = [];
    for (const raw of orderByRaw.split(',')) {
      const parts = raw.trim().split(/\s+/);
      const [name, direction, ...rest] = parts;
      if (name === undefined || name === '' || rest.length > 0) return fail(badRequest(`Invalid $orderby clause: '${raw.trim()}'.`));
      if (direction !== undefined && !['asc', 'desc'].includes(direction.toLowerCase())) {
        return fail(badRequest(`Invalid $orderby clause: '${raw.trim()}'.`));
      }
      const property = resolveProperty(ctx.entity, name);
      if (property === undefined) return fail(propertyNotFound(name, typeName));
      const support = ctx.deletedItems === true ? deletedItemsOrderBySupport(ctx.entity, property.name) : orderBySupport(ctx.entity, property.name);
      if (support === undefined || (support === 'advanced' && !advanced)) {
        return fail(unsupportedQuery('Sorting not supported for current query.'));
      }
      orderBy.push({ property: property.name, descending: direction?.toLowerCase() === 'desc' });
    }
    // $filter together with $orderby runs only on the advanced-query index (aad-advanced-queries.md).
    if (value.filter !== undefined && !advanced) return fail(unsupportedQuery('Sorting not supported for current query.'));
    value.orderBy = orderBy;
  }

  const skipToken = readOption(params, 'skiptoken');
  if (skipToken !== undefined) value.skipToken = skipToken;

  return { ok: true, value };
}
