export interface GraphErrorBody {
  status: number;
  code: string;
  message: string;
}

export function badRequest(message: string): GraphErrorBody {
  return { status: 400, code: 'Request_BadRequest', message };
}

export function unsupportedQuery(message: string): GraphErrorBody {
  return { status: 400, code: 'Request_UnsupportedQuery', message };
}

export function propertyNotFound(property: string, typeName: string): GraphErrorBody {
  return badRequest(`Could not find a property named '${property}' on type '${typeName}'.`);
}

export function unsupportedFilterClause(property: string, resource: string): GraphErrorBody {
  return unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`);
}

export function operatorNeedsAdvancedQuery(operator: string): GraphErrorBody {
  return unsupportedQuery(
    `Operator '${operator}' is not supported because the required parameters might be missing. ` +
      'Try adding $count=true query parameter and ConsistencyLevel:eventual header. ' +
      'Refer to https://aka.ms/graph-docs/advanced-queries for more information',
  );
}

/** Graph's answer to the `/$count` path segment without `ConsistencyLevel: eventual` (aad-advanced-queries.md). */
export function countSegmentNeedsEventualConsistency(): GraphErrorBody {
  return badRequest('$count is not currently supported.');
}
