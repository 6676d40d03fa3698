import type { AdaptiveCardJson } from './adaptive-card-json';

type Json = Record<string, unknown>;

interface Run {
  text: string;
  bold: boolean;
}

// What escapeCardText writes: a backslash before ASCII punctuation (CommonMark's escape).
const ESCAPE = /\\[!-/:-@[-`{-~]/;
// An escaped `(` after `{{DATE` is supplied text that would fire as a date function once unescaped; a word joiner
// keeps it inert and invisible. The bot's own unescaped `{{DATE(…)}}` (the error card's time) still runs.
const DATE_FUNCTION_START = /\{\{\s*(?:DATE|TIME)$/i;

const TEXT_RUN_STYLE = ['size', 'weight', 'color', 'isSubtle', 'fontType'] as const;
const BLOCK_LAYOUT = ['id', 'spacing', 'separator', 'isVisible', 'horizontalAlignment', 'height'] as const;

/**
 * Teams renders a smaller markdown subset than the Playground and does not hide CommonMark backslash escapes, so a
 * name escaped for a TextBlock (`kim\_fabrikam.com#EXT#`) would show its backslashes. A TextBlock or FactSet that
 * carries escaped (supplied) text becomes RichTextBlock/TextRun, which processes no markdown: the text is shown
 * exactly, without escapes. Our own `**bold**` around a name becomes a bold run.
 */
export function withPlainTextRuns(card: AdaptiveCardJson): AdaptiveCardJson {
  return convert(card) as AdaptiveCardJson;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (!isJson(value)) return value;
  if (value.type === 'TextBlock' && typeof value.text === 'string' && ESCAPE.test(value.text)) return textBlockAsRuns(value, value.text);
  if (value.type === 'FactSet' && Array.isArray(value.facts) && value.facts.some(hasEscapedFact)) return factSetAsRuns(value, value.facts);
  const out: Json = {};
  for (const [key, child] of Object.entries(value)) out[key] = convert(child);
  return out;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasEscapedFact(fact: unknown): boolean {
  return isJson(fact) && [fact.title, fact.value].some((text) => typeof text === 'string' && ESCAPE.test(text));
}

/** Splits one line of escaped markdown into literal runs, `**` toggling bold. */
export function markdownLineToRuns(line: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let text = '';
  const flush = () => {
    if (text !== '') runs.push({ text, bold });
    text = '';
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    const next = line[i + 1] ?? '';
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(next)) {
      text += next === '(' && DATE_FUNCTION_START.test(text) ? '\u2060(' : next;
      i++;
    } else if (c === '*' && next === '*') {
      flush();
      bold = !bold;
      i++;
    } else {
      text += c;
    }
  }
  flush();
  return runs;
}

function pick(source: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function richTextBlock(line: string, style: Json, layout: Json): Json {
  const inlines = markdownLineToRuns(line).map((run) => ({
    type: 'TextRun',
    text: run.text,
    ...style,
    ...(run.bold ? { weight: 'Bolder' } : {}),
  }));
  return { type: 'RichTextBlock', inlines, ...layout };
}

function textBlockAsRuns(block: Json, text: string): Json {
  const style = pick(block, TEXT_RUN_STYLE);
  const layout = pick(block, BLOCK_LAYOUT);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length <= 1) return richTextBlock(lines[0] ?? '', style, layout);
  const { horizontalAlignment, ...containerLayout } = layout;
  return {
    type: 'Container',
    ...containerLayout,
    items: lines.map((line, index) => richTextBlock(line, style, { ...(horizontalAlignment !== undefined ? { horizontalAlignment } : {}), ...(index > 0 ? { spacing: 'None' } : {}) })),
  };
}

/** Facts as two-column rows, the titles bold as a FactSet shows them. */
function factSetAsRuns(block: Json, facts: unknown[]): Json {
  const rows = facts.filter(isJson).map((fact, index) => ({
    type: 'ColumnSet',
    ...(index > 0 ? { spacing: 'None' } : {}),
    columns: [
      { type: 'Column', width: 'auto', items: [richTextBlock(String(fact.title ?? ''), { weight: 'Bolder' }, {})] },
      { type: 'Column', width: 'stretch', items: [richTextBlock(String(fact.value ?? ''), {}, {})] },
    ],
  }));
  return { type: 'Container', ...pick(block, BLOCK_LAYOUT), items: rows };
}
