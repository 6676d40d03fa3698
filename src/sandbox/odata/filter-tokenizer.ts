export type FilterToken =
  | { kind: 'punct'; value: '(' | ')' | ',' | ':' | '/'; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'number'; value: number; position: number }
  | { kind: 'guid'; value: string; position: number }
  | { kind: 'dateTime'; value: string; epochMs: number; position: number }
  | { kind: 'identifier'; value: string; position: number }
  | { kind: 'end'; position: number };

export type TokenizeResult = { ok: true; tokens: FilterToken[] } | { ok: false; position: number; character: string };

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y;
const DATE_TIME = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\w:.-])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[LlMmDdFf]?(?![\w.])/y;
const IDENTIFIER = /[A-Za-z_$][\w.$]*/y;

function sticky(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

/** OData `$filter` lexer: positions are 0-based offsets into the original text, used in syntax errors. */
export function tokenizeFilter(text: string): TokenizeResult {
  const tokens: FilterToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === ':' || ch === '/') {
      tokens.push({ kind: 'punct', value: ch, position: i });
      i += 1;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const c = text.charAt(j);
        if (c === "'") {
          if (text.charAt(j + 1) === "'") {
            value += "'";
            j += 2;
            continue;
          }
          closed = true;
          j += 1;
          break;
        }
        value += c;
        j += 1;
      }
      if (!closed) return { ok: false, position: i, character: ch };
      tokens.push({ kind: 'string', value, position: i });
      i = j;
      continue;
    }
    const guid = sticky(GUID, text, i);
    if (guid !== undefined) {
      tokens.push({ kind: 'guid', value: guid, position: i });
      i += guid.length;
      continue;
    }
    const dateTime = sticky(DATE_TIME, text, i);
    if (dateTime !== undefined) {
      const epochMs = Date.parse(dateTime.length === 10 ? `${dateTime}T00:00:00Z` : dateTime);
      if (Number.isNaN(epochMs)) return { ok: false, position: i, character: ch };
      tokens.push({ kind: 'dateTime', value: dateTime, epochMs, position: i });
      i += dateTime.length;
      continue;
    }
    const number = sticky(NUMBER, text, i);
    if (number !== undefined) {
      tokens.push({ kind: 'number', value: Number(number.replace(/[LlMmDdFf]$/, '')), position: i });
      i += number.length;
      continue;
    }
    const identifier = sticky(IDENTIFIER, text, i);
    if (identifier !== undefined) {
      tokens.push({ kind: 'identifier', value: identifier, position: i });
      i += identifier.length;
      continue;
    }
    return { ok: false, position: i, character: ch };
  }
  tokens.push({ kind: 'end', position: text.length });
  return { ok: true, tokens };
}
