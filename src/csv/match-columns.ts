import type { CsvTemplate, CsvTemplateColumn } from './csv-template';
import { isPortalColumn } from './csv-template';
import type { HeaderCell } from './read-csv';

export interface MatchedColumn {
  column: CsvTemplateColumn;
  header: HeaderCell;
}

export interface ColumnMatch<K extends string = string> {
  template: CsvTemplate<K>;
  matched: MatchedColumn[];
  missingRequired: CsvTemplateColumn[];
  /** Headers the template does not use; they are ignored, as the portal does. */
  ignored: HeaderCell[];
  /** All required columns present (for `anyOf` templates: at least one of those). */
  satisfied: boolean;
  /** A bracketed token of the portal's own template counts 2, anything else 1: a portal header is stronger evidence. */
  score: number;
}

export function columnLookup(template: CsvTemplate): Map<string, CsvTemplateColumn> {
  const lookup = new Map<string, CsvTemplateColumn>();
  const byToken = new Map(template.columns.map((c) => [c.token.toLowerCase(), c]));
  for (const column of template.columns) {
    lookup.set(column.label.toLowerCase(), column);
  }
  for (const [alias, token] of Object.entries(template.aliases ?? {})) {
    const column = byToken.get(token.toLowerCase());
    if (column) lookup.set(alias.toLowerCase(), column);
  }
  for (const [key, column] of byToken) lookup.set(key, column);
  return lookup;
}

export function matchColumns<K extends string>(template: CsvTemplate<K>, headers: readonly HeaderCell[]): ColumnMatch<K> {
  const lookup = columnLookup(template);
  const tokenKeys = new Set(template.columns.map((c) => c.token.toLowerCase()));
  const matched: MatchedColumn[] = [];
  const ignored: HeaderCell[] = [];
  const taken = new Set<CsvTemplateColumn>();
  let score = 0;

  // Exact token matches first, so that a plain alias can't shadow the real column.
  const ordered = [...headers].sort((a, b) => Number(tokenKeys.has(b.key)) - Number(tokenKeys.has(a.key)) || a.index - b.index);
  for (const header of ordered) {
    const column = header.bracketed && !tokenKeys.has(header.key) ? undefined : lookup.get(header.key);
    if (!column || taken.has(column)) {
      ignored.push(header);
      continue;
    }
    taken.add(column);
    matched.push({ column, header });
    score += header.bracketed && isPortalColumn(template, column) ? 2 : 1;
  }
  matched.sort((a, b) => a.header.index - b.header.index);
  ignored.sort((a, b) => a.index - b.index);

  const anyOf = new Set((template.anyOf ?? []).map((t) => t.toLowerCase()));
  const hasAnyOf = anyOf.size === 0 || template.columns.some((c) => anyOf.has(c.token.toLowerCase()) && taken.has(c));
  const mustHave = (c: CsvTemplateColumn): boolean => c.requiredInFile ?? c.required;
  const missingRequired = template.columns.filter((c) => mustHave(c) && !taken.has(c) && !anyOf.has(c.token.toLowerCase()));
  if (!hasAnyOf) {
    missingRequired.unshift(...template.columns.filter((c) => mustHave(c) && anyOf.has(c.token.toLowerCase())));
  }
  return { template, matched, missingRequired, ignored, satisfied: missingRequired.length === 0, score };
}
