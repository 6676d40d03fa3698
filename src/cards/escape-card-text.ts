// Characters that start markup anywhere in a line: emphasis, code spans, links and images (a link needs `[`, so `(`
// is left alone), HTML-like tags, strikethrough, and the backslash itself.
const INLINE_MARKUP = /[\\`*_[\]<>~]/g;
// `&name;` / `&#123;` would be decoded as entities, so `&lt;b&gt;` would show as a tag.
const ENTITY = /&(?=#?[a-z0-9]+;)/gi;
// Teams' {{DATE(...)}} / {{TIME(...)}} text functions must not fire on supplied text.
const DATE_FUNCTION = /(\{\{\s*(?:DATE|TIME))\(/gi;
// Markup that only means something at the start of a line: headings, quotes, lists, setext underlines.
const LINE_START_MARKUP = /^(\s*)([#>+=-]|\d+[.)])/;

/**
 * Makes a user- or Graph-supplied string show literally in an Adaptive Card TextBlock (CommonMark backslash
 * escapes), so `<b>x</b> [y](https://evil)` is displayed as typed rather than rendered. On cards this is an
 * intermediate form: expandCardTemplate turns escaped text into TextRuns (plain-text-runs.ts), since Teams does not
 * hide the backslashes.
 */
export function escapeCardText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('')
    .filter((c) => c === '\n' || c === '\t' || !isInvisibleControl(c.charCodeAt(0)))
    .join('')
    .split('\n')
    .map(escapeLine)
    .join('\n');
}

function escapeLine(line: string): string {
  const inline = line
    .replace(INLINE_MARKUP, (c) => `\\${c}`)
    .replace(ENTITY, '\\&')
    .replace(DATE_FUNCTION, '$1\\(');
  return inline.replace(LINE_START_MARKUP, (_match, indent: string, marker: string) => {
    if (/^\d/.test(marker)) return `${indent}${marker.slice(0, -1)}\\${marker.slice(-1)}`;
    return `${indent}\\${marker}`;
  });
}

/** Escapes, then keeps a single line (names, UPNs, reasons shown in lists). */
export function escapeCardLine(value: string, maxLength = 200): string {
  return escapeCardText(truncateText(value.replace(/\s*[\r\n]+\s*/g, ' ').trim(), maxLength));
}

/** Shortens to at most `maxLength` characters, ending with an ellipsis when cut. */
export function truncateText(value: string, maxLength: number): string {
  const chars = Array.from(value);
  if (chars.length <= maxLength) return value;
  return `${chars.slice(0, Math.max(0, maxLength - 1)).join('').trimEnd()}…`;
}

/** C0/C1 controls and the bidi overrides/isolates that could disguise a name (e.g. U+202E right-to-left override). */
export function isInvisibleControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}
