import {
  complexTypeName,
  elementType,
  entityTypeName,
  isCollectionType,
  resolveComplexProperty,
  resolveProperty,
  resourceLabel,
  type EntityKind,
} from './entity-schema';
import type { ComparisonOperator, FilterLiteral, FilterNode, PropertyPath } from './filter';
import { tokenizeFilter, type FilterToken } from './filter-tokenizer';
import { GRAPH_COMPLEX_PROPERTIES } from './graph-entity-properties';
import { filterSupport, type FilterOperator } from './query-capabilities';
import {
  badRequest,
  operatorNeedsAdvancedQuery,
  propertyNotFound,
  unsupportedFilterClause,
  unsupportedQuery,
  type GraphErrorBody,
} from './query-errors';

export interface FilterContext {
  entity: EntityKind;
  /** Advanced query parameters present (ConsistencyLevel: eventual and $count=true or $search). */
  advanced: boolean;
}

export type FilterParseResult = { ok: true; value: FilterNode } | { ok: false; error: GraphErrorBody };

// The directory expands `in (...)` into OR clauses and caps them, so clients must chunk id lookups.
const MAX_OR_CLAUSES = 15;

function orChainSize(node: FilterNode): number {
  if (node.kind === 'or') return orChainSize(node.left) + orChainSize(node.right);
  if (node.kind === 'in') return node.values.length;
  return 1;
}

/** The largest number of OR-ed clauses anywhere in the tree. */
function widestOrClause(node: FilterNode): number {
  switch (node.kind) {
    case 'or':
      return Math.max(orChainSize(node), widestOrClause(node.left), widestOrClause(node.right));
    case 'and':
      return Math.max(widestOrClause(node.left), widestOrClause(node.right));
    case 'not':
      return widestOrClause(node.operand);
    case 'in':
      return node.values.length;
    case 'any':
    case 'all':
      return node.predicate === null ? 1 : widestOrClause(node.predicate);
    default:
      return 1;
  }
}

class FilterError extends Error {
  constructor(readonly body: GraphErrorBody) {
    super(body.message);
  }
}

interface Resolved {
  path: PropertyPath;
  /** The entity's top-level property the capability table is keyed on (the collection, inside a lambda). */
  capabilityProperty: string;
  /** EDM type of the last segment. */
  type: string;
}

interface LambdaScope {
  variable: string;
  collectionProperty: string;
  elementType: string;
}

const COMPARISON_OPERATORS: Record<string, ComparisonOperator> = { eq: 'eq', ne: 'ne', gt: 'gt', ge: 'ge', lt: 'lt', le: 'le' };
const OPERATOR_KIND: Record<ComparisonOperator, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};
const ADVANCED_ONLY_OPERATOR_NAMES: Partial<Record<FilterOperator, string>> = { ne: 'ne', not: 'not', endsWith: 'endsWith' };

/** Parses and checks a `$filter` against Graph's per-property operator support for the entity kind. */
export function parseFilter(text: string, ctx: FilterContext): FilterParseResult {
  const tokens = tokenizeFilter(text);
  if (!tokens.ok) {
    return {
      ok: false,
      error: badRequest(`Invalid filter clause: Syntax error: character '${tokens.character}' is not valid at position ${tokens.position} in '${text}'.`),
    };
  }
  try {
    const node = new FilterParser(text, tokens.tokens, ctx).parse();
    const clauses = widestOrClause(node);
    if (clauses > MAX_OR_CLAUSES) {
      return {
        ok: false,
        error: unsupportedQuery(`Too many child clauses specified in search filter expression containing 'OR' operators: ${clauses}. Max allowed: ${MAX_OR_CLAUSES}.`),
      };
    }
    return { ok: true, value: node };
  } catch (error) {
    if (error instanceof FilterError) return { ok: false, error: error.body };
    throw error;
  }
}

class FilterParser {
  private index = 0;
  private scope: LambdaScope | undefined;

  constructor(
    private readonly text: string,
    private readonly tokens: FilterToken[],
    private readonly ctx: FilterContext,
  ) {}

  parse(): FilterNode {
    const node = this.parseOr();
    if (this.peek().kind !== 'end') this.syntaxError(this.peek());
    return node;
  }

  private peek(offset = 0): FilterToken {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] ?? { kind: 'end', position: this.text.length };
  }

  private next(): FilterToken {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  private isKeyword(token: FilterToken, keyword: string): boolean {
    return token.kind === 'identifier' && token.value.toLowerCase() === keyword;
  }

  private isPunct(token: FilterToken, value: string): boolean {
    return token.kind === 'punct' && token.value === value;
  }

  private expectPunct(value: '(' | ')' | ',' | ':'): void {
    const token = this.next();
    if (!this.isPunct(token, value)) this.syntaxError(token);
  }

  private syntaxError(token: FilterToken): never {
    throw new FilterError(badRequest(`Invalid filter clause: Syntax error at position ${token.position} in '${this.text}'.`));
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isKeyword(this.peek(), 'not')) {
      this.next();
      if (!this.ctx.advanced) throw new FilterError(operatorNeedsAdvancedQuery('not'));
      return { kind: 'not', operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const token = this.peek();
    if (this.isPunct(token, '(')) {
      this.next();
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    if (token.kind === 'identifier') {
      const lower = token.value.toLowerCase();
      if (['true', 'false', 'null'].includes(lower)) throw new FilterError(this.literalOnLeft());
      if (this.isPunct(this.peek(1), '(')) return this.parseFunction();
      return this.parsePathExpression();
    }
    if (token.kind === 'end' || token.kind === 'punct') this.syntaxError(token);
    throw new FilterError(this.literalOnLeft());
  }

  private literalOnLeft(): GraphErrorBody {
    return unsupportedQuery(`Unsupported query: the left operand of a $filter comparison must be a property, in '${this.text}'.`);
  }

  private parseFunction(): FilterNode {
    const name = this.next();
    if (name.kind !== 'identifier') this.syntaxError(name);
    const lower = name.value.toLowerCase();
    this.expectPunct('(');
    const target = this.resolvePath(this.readPathSegments());
    if (lower !== 'startswith' && lower !== 'endswith') {
      throw new FilterError(unsupportedFilterClause(target.capabilityProperty, resourceLabel(this.ctx.entity)));
    }
    this.expectPunct(',');
    const literal = this.parseLiteral();
    this.expectPunct(')');
    const operator: FilterOperator = lower === 'startswith' ? 'startsWith' : 'endsWith';
    this.checkSupport(target.capabilityProperty, operator);
    if (elementType(target.type) !== 'Edm.String' || literal.kind !== 'string') {
      throw new FilterError(unsupportedFilterClause(target.capabilityProperty, resourceLabel(this.ctx.entity)));
    }
    const node: FilterNode = { kind: operator, property: target.path, value: literal.value };
    // OData also allows `startswith(p,'x') eq true`.
    if (this.isKeyword(this.peek(), 'eq') && this.isKeyword(this.peek(1), 'true')) {
      this.next();
      this.next();
    }
    return node;
  }

  private readPathSegments(): { segments: string[]; position: number } {
    const first = this.next();
    if (first.kind !== 'identifier') this.syntaxError(first);
    const segments = [first.value];
    while (this.isPunct(this.peek(), '/') && this.peek(1).kind === 'identifier') {
      const following = this.peek(1);
      const lower = following.kind === 'identifier' ? following.value.toLowerCase() : '';
      if (lower === '$count' || ((lower === 'any' || lower === 'all') && this.isPunct(this.peek(2), '('))) break;
      this.next();
      segments.push((this.next() as { value: string }).value);
    }
    return { segments, position: first.position };
  }

  private resolvePath(raw: { segments: string[]; position: number }): Resolved {
    const [head, ...rest] = raw.segments;
    if (head === undefined) throw new FilterError(badRequest(`Invalid filter clause: Syntax error at position ${raw.position} in '${this.text}'.`));
    if (this.scope !== undefined && head === this.scope.variable) {
      let type = this.scope.elementType;
      const segments: string[] = [];
      for (const name of rest) {
        const complex = complexTypeName(type);
        const property = complex === undefined ? undefined : resolveComplexProperty(complex, name);
        if (property === undefined) throw new FilterError(propertyNotFound(name, complex === undefined ? type : `microsoft.graph.${complex}`));
        segments.push(property.name);
        type = property.type;
      }
      return { path: { fromLambda: true, segments }, capabilityProperty: this.scope.collectionProperty, type };
    }
    const property = resolveProperty(this.ctx.entity, head);
    if (property === undefined) throw new FilterError(propertyNotFound(head, entityTypeName(this.ctx.entity)));
    let type = property.type;
    const segments = [property.name];
    for (const name of rest) {
      const complex = isCollectionType(type) ? undefined : complexTypeName(type);
      const child = complex === undefined ? undefined : resolveComplexProperty(complex, name);
      if (child === undefined) throw new FilterError(propertyNotFound(name, complex === undefined ? type : `microsoft.graph.${complex}`));
      segments.push(child.name);
      type = child.type;
    }
    return { path: { fromLambda: false, segments }, capabilityProperty: property.name, type };
  }

  private parsePathExpression(): FilterNode {
    const raw = this.readPathSegments();
    const target = this.resolvePath(raw);
    if (this.isPunct(this.peek(), '/')) {
      this.next();
      const keyword = this.next();
      const lower = keyword.kind === 'identifier' ? keyword.value.toLowerCase() : '';
      if (lower === '$count') return this.parseCountComparison(target);
      if (lower === 'any' || lower === 'all') return this.parseLambda(target, lower);
      this.syntaxError(keyword);
    }
    const operatorToken = this.next();
    if (operatorToken.kind !== 'identifier') this.syntaxError(operatorToken);
    const operatorName = operatorToken.value.toLowerCase();
    if (operatorName === 'in') return this.parseIn(target);
    const operator = COMPARISON_OPERATORS[operatorName];
    if (operator === undefined) this.syntaxError(operatorToken);
    const literal = this.parseLiteral();
    this.checkSupport(target.capabilityProperty, capabilityFor(operator, literal));
    if (operator === 'ne' && literal.kind === 'null') this.checkSupport(target.capabilityProperty, 'ne');
    this.checkTypes(target, literal, operator);
    return { kind: 'compare', operator, left: { kind: 'property', path: target.path }, right: literal };
  }

  private parseIn(target: Resolved): FilterNode {
    this.expectPunct('(');
    const values: FilterLiteral[] = [this.parseLiteral()];
    while (this.isPunct(this.peek(), ',')) {
      this.next();
      values.push(this.parseLiteral());
    }
    this.expectPunct(')');
    this.checkSupport(target.capabilityProperty, 'in');
    for (const literal of values) this.checkTypes(target, literal, 'eq');
    return { kind: 'in', property: target.path, values };
  }

  private parseCountComparison(target: Resolved): FilterNode {
    if (!isCollectionType(target.type)) throw new FilterError(unsupportedFilterClause(target.capabilityProperty, resourceLabel(this.ctx.entity)));
    const operatorToken = this.next();
    const operator = operatorToken.kind === 'identifier' ? COMPARISON_OPERATORS[operatorToken.value.toLowerCase()] : undefined;
    if (operator === undefined) this.syntaxError(operatorToken);
    const literal = this.parseLiteral();
    if (literal.kind !== 'number') {
      throw new FilterError(
        badRequest(`A binary operator with incompatible types was detected. Found operand types 'Edm.Int32' and '${literalType(literal)}' for operator kind '${OPERATOR_KIND[operator]}'.`),
      );
    }
    this.checkSupport(target.capabilityProperty, 'count');
    return { kind: 'compare', operator, left: { kind: 'count', collection: target.path }, right: literal };
  }

  private parseLambda(target: Resolved, kind: 'any' | 'all'): FilterNode {
    if (!isCollectionType(target.type) || this.scope !== undefined) {
      throw new FilterError(unsupportedFilterClause(target.capabilityProperty, resourceLabel(this.ctx.entity)));
    }
    this.expectPunct('(');
    if (this.isPunct(this.peek(), ')')) {
      this.next();
      this.checkSupport(target.capabilityProperty, 'eq');
      return { kind, collection: target.path, predicate: null };
    }
    const variable = this.next();
    if (variable.kind !== 'identifier') this.syntaxError(variable);
    this.expectPunct(':');
    this.scope = { variable: variable.value, collectionProperty: target.capabilityProperty, elementType: elementType(target.type) };
    const predicate = this.parseOr();
    this.scope = undefined;
    this.expectPunct(')');
    // Graph supports `any` on multi-valued properties; `all` is not offered on directory objects.
    if (kind === 'all') throw new FilterError(unsupportedFilterClause(target.capabilityProperty, resourceLabel(this.ctx.entity)));
    return { kind, collection: target.path, predicate };
  }

  private parseLiteral(): FilterLiteral {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'number':
        return { kind: 'number', value: token.value };
      case 'guid':
        return { kind: 'guid', value: token.value };
      case 'dateTime':
        return { kind: 'dateTime', value: token.value, epochMs: token.epochMs };
      case 'identifier': {
        const lower = token.value.toLowerCase();
        if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true' };
        if (lower === 'null') return { kind: 'null' };
        return this.syntaxError(token);
      }
      default:
        return this.syntaxError(token);
    }
  }

  private checkSupport(property: string, operator: FilterOperator): void {
    const support = filterSupport(this.ctx.entity, property, operator);
    if (support === 'default' || (support === 'advanced' && this.ctx.advanced)) return;
    const operatorName = ADVANCED_ONLY_OPERATOR_NAMES[operator];
    if (support === 'advanced' && operatorName !== undefined) throw new FilterError(operatorNeedsAdvancedQuery(operatorName));
    throw new FilterError(unsupportedFilterClause(property, resourceLabel(this.ctx.entity)));
  }

  private checkTypes(target: Resolved, literal: FilterLiteral, operator: ComparisonOperator): void {
    if (literal.kind === 'null') return;
    const propertyType = elementType(target.type);
    const complex = complexTypeName(propertyType);
    if (complex !== undefined && GRAPH_COMPLEX_PROPERTIES[complex] !== undefined) {
      throw new FilterError(unsupportedFilterClause(target.capabilityProperty, resourceLabel(this.ctx.entity)));
    }
    const compatible =
      complex !== undefined
        ? literal.kind === 'string' // enum members are compared as strings
        : (propertyType === 'Edm.String' && literal.kind === 'string') ||
          (propertyType === 'Edm.Boolean' && literal.kind === 'boolean') ||
          (propertyType === 'Edm.DateTimeOffset' && literal.kind === 'dateTime') ||
          (propertyType === 'Edm.Guid' && literal.kind === 'guid') ||
          (['Edm.Int32', 'Edm.Int64', 'Edm.Double'].includes(propertyType) && literal.kind === 'number');
    if (!compatible) {
      throw new FilterError(
        badRequest(
          `A binary operator with incompatible types was detected. Found operand types '${propertyType}' and '${literalType(literal)}' for operator kind '${OPERATOR_KIND[operator]}'.`,
        ),
      );
    }
  }
}

function capabilityFor(operator: ComparisonOperator, literal: FilterLiteral): FilterOperator {
  if (literal.kind === 'null') return 'null';
  switch (operator) {
    case 'eq':
      return 'eq';
    case 'ne':
      return 'ne';
    case 'gt':
    case 'ge':
      return 'ge';
    case 'lt':
    case 'le':
      return 'le';
  }
}

function literalType(literal: FilterLiteral): string {
  switch (literal.kind) {
    case 'string':
      return 'Edm.String';
    case 'number':
      return Number.isInteger(literal.value) ? 'Edm.Int32' : 'Edm.Double';
    case 'boolean':
      return 'Edm.Boolean';
    case 'guid':
      return 'Edm.Guid';
    case 'dateTime':
      return literal.value.length === 10 ? 'Edm.Date' : 'Edm.DateTimeOffset';
    case 'null':
      return 'null';
  }
}
