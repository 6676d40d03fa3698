import { resolveProperty, resourceLabel, type EntityKind } from './entity-schema';
import { filterSupport } from './query-capabilities';
import { badRequest, unsupportedFilterClause, type GraphErrorBody } from './query-errors';
import type { SearchNode } from './search';

export type SearchParseResult = { ok: true; value: SearchNode } | { ok: false; error: GraphErrorBody };

type SearchToken = { kind: 'clause'; text: string; position: number } | { kind: 'and' | 'or' | '(' | ')'; position: number };

class SearchError extends Error {
  constructor(readonly body: GraphErrorBody) {
    super(body.message);
  }
}

/**
 * `$search="displayName:adele" AND ("mail:contoso" OR "description:x")`: each clause double-quoted with a property
 * name, `\"` and `\\` escaped, AND/OR upper case outside the quotes (search-query-parameter.md).
 */
export function parseSearch(text: string, entity: EntityKind): SearchParseResult {
  try {
    const tokens = tokenizeSearch(text);
    const parser = new SearchParser(tokens, text, entity);
    return { ok: true, value: parser.parse() };
  } catch (error) {
    if (error instanceof SearchError) return { ok: false, error: error.body };
    throw error;
  }
}

function syntaxError(text: string, position: number): SearchError {
  return new SearchError(badRequest(`Syntax error: character at position ${position} is not valid in the $search query '${text}'.`));
}

function tokenizeSearch(text: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, position: i });
      i += 1;
    } else if (ch === '"') {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const c = text.charAt(j);
        if (c === '\\' && j + 1 < text.length) {
          value += text.charAt(j + 1);
          j += 2;
        } else if (c === '"') {
          closed = true;
          j += 1;
          break;
        } else {
          value += c;
          j += 1;
        }
      }
      if (!closed) throw syntaxError(text, i);
      tokens.push({ kind: 'clause', text: value, position: i });
      i = j;
    } else if (text.startsWith('AND', i) && !/\w/.test(text.charAt(i + 3))) {
      tokens.push({ kind: 'and', position: i });
      i += 3;
    } else if (text.startsWith('OR', i) && !/\w/.test(text.charAt(i + 2))) {
      tokens.push({ kind: 'or', position: i });
      i += 2;
    } else {
      throw syntaxError(text, i);
    }
  }
  return tokens;
}

class SearchParser {
  private index = 0;

  constructor(
    private readonly tokens: SearchToken[],
    private readonly text: string,
    private readonly entity: EntityKind,
  ) {}

  parse(): SearchNode {
    const node = this.parseOr();
    const rest = this.tokens[this.index];
    if (rest !== undefined) throw syntaxError(this.text, rest.position);
    return node;
  }

  private parseOr(): SearchNode {
    let left = this.parseAnd();
    while (this.tokens[this.index]?.kind === 'or') {
      this.index += 1;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): SearchNode {
    let left = this.parsePrimary();
    while (this.tokens[this.index]?.kind === 'and') {
      this.index += 1;
      left = { kind: 'and', left, right: this.parsePrimary() };
    }
    return left;
  }

  private parsePrimary(): SearchNode {
    const token = this.tokens[this.index];
    if (token === undefined) throw syntaxError(this.text, this.text.length);
    this.index += 1;
    if (token.kind === '(') {
      const inner = this.parseOr();
      if (this.tokens[this.index]?.kind !== ')') throw syntaxError(this.text, this.tokens[this.index]?.position ?? this.text.length);
      this.index += 1;
      return inner;
    }
    if (token.kind !== 'clause') throw syntaxError(this.text, token.position);
    const colon = token.text.indexOf(':');
    if (colon <= 0) {
      throw new SearchError(badRequest(`Invalid $search clause "${token.text}": each clause must name a property, as in "displayName:${token.text}".`));
    }
    const name = token.text.slice(0, colon).trim();
    const property = resolveProperty(this.entity, name);
    // "Any property that can be used in $filter can also be used inside $search."
    if (property === undefined || filterSupport(this.entity, property.name, 'eq') === undefined) {
      throw new SearchError(unsupportedFilterClause(name, resourceLabel(this.entity)));
    }
    return { kind: 'term', property: property.name, text: token.text.slice(colon + 1) };
  }
}
