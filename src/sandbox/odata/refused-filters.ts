import type { FilterNode, PropertyPath } from './filter';

/** Operators a `$filter` fault can refuse, spelled as in OData (functions by name). */
export const REFUSABLE_OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in', 'startswith', 'endswith', 'any'] as const;
export type RefusableOperator = (typeof REFUSABLE_OPERATORS)[number];

/** A property/operator pair this tenant refuses; the property is compared case-insensitively. */
export interface RefusedFilter {
  property: string;
  operator: RefusableOperator;
}

const SHAPE = /^\s*([A-Za-z][A-Za-z0-9]*)\s+([A-Za-z]+)\s*$/;

function isRefusableOperator(value: string): value is RefusableOperator {
  return (REFUSABLE_OPERATORS as readonly string[]).includes(value);
}

/** `"userPrincipalName ge"` → { property, operator }; undefined when it is not of that shape. */
export function parseRefusedFilter(text: string): RefusedFilter | undefined {
  const match = SHAPE.exec(text);
  const property = match?.[1];
  const operator = match?.[2]?.toLowerCase();
  if (property === undefined || operator === undefined || !isRefusableOperator(operator)) return undefined;
  return { property, operator };
}

interface Clause {
  property: string;
  operator: RefusableOperator;
}

function topLevelProperty(path: PropertyPath, lambdaCollection: string | undefined): string | undefined {
  return path.fromLambda ? lambdaCollection : path.segments[0];
}

/** Every property/operator pair the filter uses, anywhere in it (inside `not(...)` and lambdas too). */
function clausesOf(node: FilterNode, lambdaCollection: string | undefined, out: Clause[]): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      clausesOf(node.left, lambdaCollection, out);
      clausesOf(node.right, lambdaCollection, out);
      return;
    case 'not':
      clausesOf(node.operand, lambdaCollection, out);
      return;
    case 'compare': {
      const property = node.left.kind === 'count' ? topLevelProperty(node.left.collection, lambdaCollection) : topLevelProperty(node.left.path, lambdaCollection);
      if (property !== undefined) out.push({ property, operator: node.operator });
      return;
    }
    case 'in': {
      const property = topLevelProperty(node.property, lambdaCollection);
      if (property !== undefined) out.push({ property, operator: 'in' });
      return;
    }
    case 'startsWith':
    case 'endsWith': {
      const property = topLevelProperty(node.property, lambdaCollection);
      if (property !== undefined) out.push({ property, operator: node.kind === 'startsWith' ? 'startswith' : 'endswith' });
      return;
    }
    case 'any':
    case 'all': {
      const collection = topLevelProperty(node.collection, lambdaCollection);
      if (collection === undefined) return;
      if (node.kind === 'any') out.push({ property: collection, operator: 'any' });
      if (node.predicate !== null) clausesOf(node.predicate, collection, out);
      return;
    }
  }
}

/** The first clause of `node` that `refused` names, or undefined when the filter uses none of them. */
export function findRefusedClause(node: FilterNode, refused: readonly RefusedFilter[]): RefusedFilter | undefined {
  if (refused.length === 0) return undefined;
  const clauses: Clause[] = [];
  clausesOf(node, undefined, clauses);
  for (const clause of clauses) {
    const hit = refused.find((r) => r.operator === clause.operator && r.property.toLowerCase() === clause.property.toLowerCase());
    if (hit) return { property: clause.property, operator: clause.operator };
  }
  return undefined;
}
