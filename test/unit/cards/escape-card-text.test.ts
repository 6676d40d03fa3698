import { describe, expect, it } from 'vitest';
import { escapeCardLine, escapeCardText, truncateText } from '../../../src/cards';

// CommonMark: a backslash before ASCII punctuation is a literal character.
function commonMarkUnescape(s: string): string {
  return s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

// True when `ch` occurs in `s` without a backslash in front of it (and not itself escaped).
function hasUnescaped(s: string, ch: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === ch) return true;
  }
  return false;
}

const INJECTIONS = [
  '<b>x</b> [y](https://evil)',
  '**bold** _it_ `code` ~~strike~~',
  '# Heading',
  '> quote',
  '- item',
  '+ item',
  '1. first',
  '12) twelfth',
  '![img](https://evil/x.png)',
  '<script>alert(1)</script>',
  '&lt;b&gt; and &amp;',
  'back\\slash\\',
  '{{DATE(2026-01-01T00:00:00Z, SHORT)}}',
  'line one\n- list\n# head',
  '===',
  '<https://evil.example>',
];

describe('escapeCardText', () => {
  it.each(INJECTIONS)('shows %j literally under CommonMark escaping', (input) => {
    const escaped = escapeCardText(input);
    expect(commonMarkUnescape(escaped)).toBe(input);
  });

  it.each(INJECTIONS)('leaves no markup character of %j unescaped', (input) => {
    const escaped = escapeCardText(input);
    for (const ch of ['*', '_', '[', ']', '<', '>', '`', '~']) expect(hasUnescaped(escaped, ch)).toBe(false);
    expect(escaped).not.toMatch(/(^|[^\\])&#?[a-z0-9]+;/i);
    expect(escaped).not.toMatch(/\{\{\s*(DATE|TIME)\(/i);
    for (const line of escaped.split('\n')) expect(line).not.toMatch(/^\s*([#>+=-]|\d+[.)])/);
  });

  it('escapes the example from issue 10 exactly', () => {
    expect(escapeCardText('<b>x</b> [y](https://evil)')).toBe('\\<b\\>x\\</b\\> \\[y\\](https://evil)');
  });

  it('only escapes list, heading and quote markers at the start of a line', () => {
    expect(escapeCardText('Anne-Marie + Jo # 2. x')).toBe('Anne-Marie + Jo # 2. x');
    expect(escapeCardText('- a')).toBe('\\- a');
    expect(escapeCardText('  3. a')).toBe('  3\\. a');
    expect(escapeCardText('#tag')).toBe('\\#tag');
  });

  it('escapes entities and Teams date functions but leaves ordinary ampersands and parentheses alone', () => {
    expect(escapeCardText('&lt;b&gt; &#60;')).toBe('\\&lt;b\\&gt; \\&#60;');
    expect(escapeCardText('Marks & Spencer (UK)')).toBe('Marks & Spencer (UK)');
    expect(escapeCardText('{{ time(2026-01-01T00:00:00Z)}}')).toBe('{{ time\\(2026-01-01T00:00:00Z)}}');
  });

  it('leaves ordinary names, UPNs and punctuation alone', () => {
    expect(escapeCardText("Adele Vance, O'Brien: adele.vance@contoso.com!")).toBe("Adele Vance, O'Brien: adele.vance@contoso.com!");
  });

  it('drops control and bidi override characters that could disguise text', () => {
    expect(escapeCardText('evil\u202Etxt.exe\u0007')).toBe('eviltxt.exe');
  });

  it('normalises CRLF so line-start markers on every line are caught', () => {
    expect(escapeCardText('a\r\n- b\r# c')).toBe('a\n\\- b\n\\# c');
  });
});

describe('escapeCardLine', () => {
  it('joins lines, trims, then escapes so a list cannot start mid-name', () => {
    expect(escapeCardLine(' Ada\n- Lovelace ')).toBe('Ada - Lovelace');
  });

  it('truncates before escaping so no escape sequence is cut in half', () => {
    const out = escapeCardLine('*'.repeat(50), 10);
    expect(out).toBe(`${'\\*'.repeat(9)}…`);
  });
});

describe('truncateText', () => {
  it('keeps short text and cuts long text with an ellipsis at the limit', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('abcdefghijkl', 5)).toBe('abcd…');
    expect(Array.from(truncateText('😀'.repeat(10), 4))).toHaveLength(4);
  });
});
