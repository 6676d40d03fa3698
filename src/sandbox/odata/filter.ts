export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'guid'; value: string }
  | { kind: 'dateTime'; value: string; epochMs: number };

/** `segments` are canonical property names; inside a lambda, a path rooted at the lambda variable has `fromLambda`. */
export interface PropertyPath {
  fromLambda: boolean;
  segments: string[];
}

export type FilterOperand = { kind: 'property'; path: PropertyPath } | { kind: 'count'; collection: PropertyPath };

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; operator: ComparisonOperator; left: FilterOperand; right: FilterLiteral }
  | { kind: 'in'; property: PropertyPath; values: FilterLiteral[] }
  | { kind: 'startsWith' | 'endsWith'; property: PropertyPath; value: string }
  | { kind: 'any' | 'all'; collection: PropertyPath; predicate: FilterNode | null };

type Row = Record<string, unknown>;
type Predicate = (obj: Row, item: unknown) => boolean;

// Listing a large tenant evaluates one filter against every row, so each tree is compiled once into closures.
const compiled = new WeakMap<FilterNode, Predicate>();

export function evaluateFilter(node: FilterNode, obj: Row): boolean {
  let predicate = compiled.get(node);
  if (predicate === undefined) {
    predicate = compile(node);
    compiled.set(node, predicate);
  }
  return predicate(obj, undefined);
}

function compile(node: FilterNode): Predicate {
  switch (node.kind) {
    case 'and': {
      const left = compile(node.left);
      const right = compile(node.right);
      return (obj, item) => left(obj, item) && right(obj, item);
    }
    case 'or': {
      const left = compile(node.left);
      const right = compile(node.right);
      return (obj, item) => left(obj, item) || right(obj, item);
    }
    case 'not': {
      const operand = compile(node.operand);
      return (obj, item) => !operand(obj, item);
    }
    case 'compare': {
      const { operator, right } = node;
      const test = comparer(operator, right);
      if (node.left.kind === 'count') {
        const collection = node.left.collection;
        return (obj, item) => {
          const value = resolve(collection, obj, item);
          return test(Array.isArray(value) ? value.length : 0);
        };
      }
      const path = node.left.path;
      return (obj, item) => matchesScalarOrAny(resolve(path, obj, item), test, operator, right);
    }
    case 'in': {
      const tests = node.values.map((literal) => comparer('eq', literal));
      const path = node.property;
      const test = (v: unknown): boolean => tests.some((t) => t(v));
      return (obj, item) => matchesScalarOrAny(resolve(path, obj, item), test, 'eq', null);
    }
    case 'startsWith':
    case 'endsWith': {
      const needle = node.value.toLowerCase();
      const path = node.property;
      const test =
        node.kind === 'startsWith'
          ? (v: unknown): boolean => typeof v === 'string' && v.toLowerCase().startsWith(needle)
          : (v: unknown): boolean => typeof v === 'string' && v.toLowerCase().endsWith(needle);
      return (obj, item) => {
        const value = resolve(path, obj, item);
        return Array.isArray(value) ? value.some(test) : test(value);
      };
    }
    case 'any':
    case 'all': {
      const path = node.collection;
      const every = node.kind === 'all';
      const predicate = node.predicate === null ? null : compile(node.predicate);
      return (obj, item) => {
        const collection = resolve(path, obj, item);
        const elements = Array.isArray(collection) ? collection : [];
        if (predicate === null) return every || elements.length > 0;
        return every ? elements.every((element) => predicate(obj, element)) : elements.some((element) => predicate(obj, element));
      };
    }
  }
}

// A comparison on a multi-valued property holds when any element satisfies it; `eq null` / `ne null` test emptiness.
function matchesScalarOrAny(value: unknown, test: (v: unknown) => boolean, operator: ComparisonOperator, literal: FilterLiteral | null): boolean {
  if (!Array.isArray(value)) return test(value);
  if (literal?.kind === 'null') return operator === 'eq' ? value.length === 0 : value.length > 0;
  if (operator === 'ne') return !value.some((v) => !test(v));
  return value.some(test);
}

function resolve(path: PropertyPath, obj: Row, item: unknown): unknown {
  let current: unknown = path.fromLambda ? item : obj;
  for (const segment of path.segments) {
    if (current === null || current === undefined || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Row)[segment];
  }
  return current;
}

function comparer(operator: ComparisonOperator, literal: FilterLiteral): (value: unknown) => boolean {
  if (literal.kind === 'null') {
    return (value) => {
      const isNull = value === null || value === undefined;
      return operator === 'eq' ? isNull : operator === 'ne' ? !isNull : false;
    };
  }
  const order = orderAgainst(literal);
  return (value) => {
    if (value === null || value === undefined) return operator === 'ne';
    const sign = order(value);
    if (sign === undefined) return operator === 'ne';
    switch (operator) {
      case 'eq':
        return sign === 0;
      case 'ne':
        return sign !== 0;
      case 'gt':
        return sign > 0;
      case 'ge':
        return sign >= 0;
      case 'lt':
        return sign < 0;
      case 'le':
        return sign <= 0;
    }
  };
}

// Directory string comparisons are case-insensitive; date-times compare as instants.
function orderAgainst(literal: Exclude<FilterLiteral, { kind: 'null' }>): (value: unknown) => number | undefined {
  switch (literal.kind) {
    case 'string':
    case 'guid': {
      const right = literal.value.toLowerCase();
      return (value) => {
        if (typeof value !== 'string') return undefined;
        const left = value.toLowerCase();
        return left < right ? -1 : left > right ? 1 : 0;
      };
    }
    case 'number':
      return (value) => (typeof value === 'number' ? Math.sign(value - literal.value) : undefined);
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? (value === literal.value ? 0 : value ? 1 : -1) : undefined);
    case 'dateTime':
      return (value) => {
        const epoch = typeof value === 'string' ? Date.parse(value) : Number.NaN;
        return Number.isNaN(epoch) ? undefined : Math.sign(epoch - literal.epochMs);
      };
  }
}

export function compareText(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}
