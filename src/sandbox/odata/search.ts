export type SearchNode =
  | { kind: 'term'; property: string; text: string }
  | { kind: 'and' | 'or'; left: SearchNode; right: SearchNode };

type Row = Record<string, unknown>;
type Predicate = (obj: Row) => boolean;

// Tokenized search applies to these; other string properties behave like startsWith (search-query-parameter.md).
const TOKENIZED_PROPERTIES = new Set(['displayName', 'description']);

// Listing a large tenant evaluates one query against every row, so each node is compiled once.
const compiled = new WeakMap<SearchNode, Predicate>();

export function matchesSearch(node: SearchNode, obj: Row): boolean {
  let predicate = compiled.get(node);
  if (predicate === undefined) {
    predicate = compile(node);
    compiled.set(node, predicate);
  }
  return predicate(obj);
}

function compile(node: SearchNode): Predicate {
  switch (node.kind) {
    case 'and': {
      const left = compile(node.left);
      const right = compile(node.right);
      return (obj) => left(obj) && right(obj);
    }
    case 'or': {
      const left = compile(node.left);
      const right = compile(node.right);
      return (obj) => left(obj) || right(obj);
    }
    case 'term': {
      const property = node.property;
      const test = TOKENIZED_PROPERTIES.has(property) ? tokenizedMatcher(node.text) : prefixMatcher(node.text);
      return (obj) => {
        const value = obj[property];
        if (typeof value === 'string') return test(value);
        return Array.isArray(value) && value.some((v) => typeof v === 'string' && test(v));
      };
    }
  }
}

function prefixMatcher(text: string): (value: string) => boolean {
  const prefix = text.toLowerCase();
  return (value) => value.toLowerCase().startsWith(prefix);
}

function tokenizedMatcher(text: string): (value: string) => boolean {
  const wanted = searchTokens(text, false);
  if (wanted.length === 0) return () => true;
  return (value) => {
    // Every wanted token is a prefix of a value token, so it occurs in the value (or in it with symbols removed).
    const lower = value.toLowerCase();
    let compact: string | undefined;
    const occurs = (token: string): boolean => lower.includes(token) || (compact ??= withoutSymbols(lower)).includes(token);
    if (!wanted.every(occurs)) return false;
    const valueTokens = searchTokens(value, true);
    return wanted.every((token) => valueTokens.some((candidate) => candidate.startsWith(token)));
  };
}

const NON_ASCII = /[^ -~\s]/;
const ASCII_SYMBOL = /[!-/:-@[-`{-~]/;

// Plain-ASCII checks first: the Unicode-aware replace is the slow path.
function withoutSymbols(lower: string): string {
  if (NON_ASCII.test(lower)) return lower.replace(/[^\p{L}\p{N}\s]/gu, '');
  return ASCII_SYMBOL.test(lower) ? lower.replace(/[^a-z0-9\s]/g, '') : lower;
}

/**
 * Graph's directory tokenizer: words split on spaces, on lower→upper case changes, between letters and digits,
 * and at symbols; words joined only by symbols also count as one token ("hello.world" → hello, world, helloworld).
 * Symbols themselves are dropped.
 */
export function searchTokens(input: string, withJoined: boolean): string[] {
  const tokens: string[] = [];
  for (const word of input.split(/\s+/u)) {
    if (word === '') continue;
    for (const run of word.match(/\p{L}+|\p{N}+/gu) ?? []) {
      for (const part of run.split(/(?<=\p{Ll})(?=\p{Lu})/u)) tokens.push(part.toLowerCase());
    }
    if (withJoined) {
      const joined = word.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
      if (joined !== '' && !tokens.includes(joined)) tokens.push(joined);
    }
  }
  return tokens;
}
