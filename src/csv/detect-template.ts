import { showControlCharacters } from './control-characters';
import type { CsvProblem } from './csv-problem';
import { csvProblem } from './csv-problem';
import type { CsvTemplate, CsvTemplateColumn } from './csv-template';
import { isPortalColumn, templateHeaderText } from './csv-template';
import type { ColumnMatch } from './match-columns';
import { matchColumns } from './match-columns';
import type { HeaderCell } from './read-csv';

export type DetectTemplateResult<K extends string> =
  | { ok: true; kind: K; match: ColumnMatch<K> }
  | { ok: false; problem: CsvProblem; candidates: K[] };

export interface DetectTemplateOptions<K extends string> {
  /** The operation the admin asked for; without it the file's headers decide. */
  expected?: K;
  headerLine?: number;
}

export function detectTemplate<K extends string>(
  headers: readonly HeaderCell[],
  templates: readonly CsvTemplate<K>[],
  options: DetectTemplateOptions<K> = {},
): DetectTemplateResult<K> {
  const matches = templates.map((t) => matchColumns(t, headers));
  const fitting = matches.filter((m) => m.satisfied && m.score > 0).sort((a, b) => b.score - a.score);
  const at = options.headerLine !== undefined ? { line: options.headerLine } : {};

  if (options.expected !== undefined) {
    const wanted = matches.find((m) => m.template.kind === options.expected);
    if (!wanted) {
      return {
        ok: false,
        candidates: [],
        problem: csvProblem('unknown-template', `There is no CSV template for "${options.expected}". Pick one of: ${templates.map((t) => t.title).join(', ')}.`),
      };
    }
    const used = new Set(wanted.matched.map((m) => m.header));
    // A file that satisfies the request but carries another template's own [tokens] is that other
    // template: a bulk-create file sent with "delete users" must not delete anyone.
    const other = fitting.find(
      (m) =>
        m.template.kind !== wanted.template.kind &&
        m.score > wanted.score &&
        (!wanted.satisfied || m.matched.some((c) => c.header.bracketed && !used.has(c.header))),
    );
    if (wanted.satisfied && !other) return { ok: true, kind: wanted.template.kind, match: wanted };
    if (other) {
      return {
        ok: false,
        candidates: [other.template.kind],
        problem: csvProblem(
          'wrong-template',
          `${at.line !== undefined ? `The header row (line ${at.line})` : 'The header row'} is that of a ${other.template.title} file, but you asked to ${wanted.template.title}. Send the ${wanted.template.title} template (header: ${quoteHeaders(wanted.template.columns.filter((c) => c.required && c.portal !== false))}), or ask to ${other.template.title} if that is what you meant.`,
          at,
        ),
      };
    }
    return { ok: false, candidates: [], problem: missingColumnsProblem(wanted, headers, templateLike(matches), at) };
  }

  const portalEvidence = (m: ColumnMatch): boolean => m.matched.some((c) => c.header.bracketed && isPortalColumn(m.template, c.column));
  const best = fitting[0];
  const closest = [...matches].sort((a, b) => b.score - a.score)[0];
  if (!best || (closest && !closest.satisfied && closest.score > best.score && portalEvidence(closest))) {
    // A file that is nearly one template (e.g. bulk create without its password column) is reported
    // as that template with its missing column, never run as a smaller template it happens to fit.
    if (closest && closest.score > 0) {
      return { ok: false, candidates: [closest.template.kind], problem: missingColumnsProblem(closest, headers, templateLike(matches), at) };
    }
    const listed = listTemplateLikeHeaders(headers, templateLike(matches));
    const found = listed.quoted ? `${listed.quoted}${listed.others > 0 ? ` and ${countColumns(listed.others, 'other ')}` : ''}` : countColumns(headers.length);
    return {
      ok: false,
      candidates: [],
      problem: csvProblem(
        'unknown-template',
        `I can't tell which operation this file is for: none of its columns (${found}) match a bulk template. Use a template from the Entra portal or from the bot (its headers look like "Object ID [objectId] Required"), or say which operation you want.`,
        at,
      ),
    };
  }
  // Without a portal [token], plain headers (e.g. an export) fit several operations: ask rather than guess.
  const tied = portalEvidence(best) ? fitting.filter((m) => m.score === best.score) : fitting;
  if (tied.length > 1) {
    return {
      ok: false,
      candidates: tied.map((m) => m.template.kind),
      problem: csvProblem(
        'ambiguous-template',
        `This file fits more than one operation (${tied.map((m) => m.template.title).join(', ')}). Say which one you want.`,
        at,
      ),
    };
  }
  return { ok: true, kind: best.template.kind, match: best };
}

const SHOWN_HEADERS = 8;
const SHOWN_HEADER_LENGTH = 60;

/**
 * A header cell that reads like a template's: a `[token]`, or a column name some template knows. Only those are quoted
 * back: the first line of a file that is not a CSV template at all (a text file, JSON, an error page) is never repeated
 * in a chat or a terminal, since it may be anything.
 */
function templateLike(matches: readonly ColumnMatch[]): (header: HeaderCell) => boolean {
  const known = new Set(matches.flatMap((m) => m.matched.map((c) => c.header)));
  return (header) => header.bracketed || known.has(header);
}

function listTemplateLikeHeaders(headers: readonly HeaderCell[], isTemplateLike: (header: HeaderCell) => boolean): { quoted: string; others: number } {
  const shown = headers.filter(isTemplateLike).slice(0, SHOWN_HEADERS).map((h) => {
    const text = h.text.length > SHOWN_HEADER_LENGTH ? `${h.text.slice(0, SHOWN_HEADER_LENGTH - 1)}…` : h.text;
    return `"${showControlCharacters(text)}"`;
  });
  return { quoted: shown.join(', '), others: headers.length - shown.length };
}

function countColumns(count: number, adjective = ''): string {
  return `${count} ${adjective}column${count === 1 ? '' : 's'}`;
}

function quoteHeaders(columns: readonly CsvTemplateColumn[]): string {
  return columns.map((c) => `"${templateHeaderText(c)}"`).join(', ');
}

function missingColumnsProblem(match: ColumnMatch, headers: readonly HeaderCell[], isTemplateLike: (header: HeaderCell) => boolean, at: { line?: number }): CsvProblem {
  const { template, missingRequired } = match;
  const anyOf = new Set(template.anyOf ?? []);
  const headerRow = `the header row${at.line !== undefined ? ` (line ${at.line})` : ''}`;
  const listed = listTemplateLikeHeaders(headers, isTemplateLike);
  const found = listed.quoted
    ? `${headerRow} has: ${listed.quoted}${listed.others > 0 ? ` and ${countColumns(listed.others, 'other ')}` : ''}`
    : `${headerRow} has ${countColumns(headers.length)}, ${headers.length === 1 ? 'which is not' : 'none of them'} a bulk template column`;
  const parts: string[] = [];
  if (missingRequired.some((c) => anyOf.has(c.token))) {
    parts.push(`a column for one of ${quoteHeaders(template.columns.filter((c) => anyOf.has(c.token)))}`);
  }
  const others = missingRequired.filter((c) => !anyOf.has(c.token));
  if (others.length) parts.push(`the column${others.length > 1 ? 's' : ''} ${quoteHeaders(others)}`);
  return csvProblem(
    'missing-column',
    `The ${template.title} file needs ${parts.join(' and ')}, but ${found}. Add the missing column header exactly as shown (the label may be in any language; the [token] must match), or start from the ${template.title} template.`,
    at,
  );
}
