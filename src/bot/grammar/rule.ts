import type { ParsedCommand } from './parsed-command';

export interface Rule {
  pattern: RegExp;
  /**
   * `text` is the de-politened message in its original case, aligned with the lower-cased match.
   * Returning undefined lets the next rule try.
   */
  build(match: RegExpExecArray, text: string): ParsedCommand | undefined;
}

/** The part of the original-case text that a capture group matched. */
export function captured(match: RegExpExecArray, text: string, group: number): string | undefined {
  const value = match[group];
  if (value === undefined) return undefined;
  const start = match.indices?.[group]?.[0];
  return (start === undefined ? value : text.slice(start, start + value.length)).trim();
}

export function unquote(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const quoted = /^["“'](.*)["”']$/.exec(trimmed);
  const out = (quoted?.[1] ?? trimmed).trim();
  return out === '' ? undefined : out;
}

/** "Megan Bowen's" → "Megan Bowen". */
export function withoutPossessive(name: string): string {
  return name.replace(/['’]s?$/, '').trim();
}
