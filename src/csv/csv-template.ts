import { CSV_LINE_END, UTF8_BOM, csvLine } from './write-csv';

export interface CsvTemplateColumn {
  token: string;
  label: string;
  required: boolean;
  example: string;
  /** What belongs in the column, phrased to finish "…: " in a message. */
  hint: string;
  /** False for columns the bot accepts beyond the portal's template; they are not rendered. Default true. */
  portal?: boolean;
  /** False when the bot fills in a default for a column the portal marks Required; default: `required`. */
  requiredInFile?: boolean;
  /** Values are never repeated back (passwords). */
  secret?: boolean;
  /** Free text that may contain unquoted commas when it is the last column in the file (the invite message). */
  freeText?: boolean;
}

export interface CsvTemplate<K extends string = string> {
  kind: K;
  /** Names the operation in messages, e.g. "bulk invite". */
  title: string;
  version?: 'v1.0';
  columns: CsvTemplateColumn[];
  /** Plain header names (lower-cased) accepted for a token, e.g. `upn` → `userPrincipalName`. */
  aliases?: Record<string, string>;
  /** Tokens of which any one is enough for the file (restore by object id, UPN, mail or name). */
  anyOf?: string[];
  /** No portal template has this kind (bulk update): every column is rendered, and none is portal evidence. */
  botOnly?: boolean;
  /** Row 3 of the portal's download; recognised and reported when left in. */
  exampleRow?: string[];
}

export function templateHeaderText(column: CsvTemplateColumn): string {
  return `${column.label} [${column.token}]${column.required ? ' Required' : ''}`;
}

/**
 * A typed command's row under the header names the template's file has (`Email address to invite [inviteeEmail]
 * Required`), in template order, so that its results file reads like one from an uploaded file. Secret columns are
 * left out.
 */
export function templateRowInput(template: CsvTemplate, values: Readonly<Partial<Record<string, string>>>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const column of template.columns) {
    const value = values[column.token];
    if (value !== undefined && !column.secret) input[templateHeaderText(column)] = value;
  }
  return input;
}

export function portalColumns(template: CsvTemplate): CsvTemplateColumn[] {
  return template.botOnly ? template.columns : template.columns.filter((c) => c.portal !== false);
}

/** A column of the portal's own template: its bracketed token is strong evidence of the file's kind. */
export function isPortalColumn(template: CsvTemplate, column: CsvTemplateColumn): boolean {
  return !template.botOnly && column.portal !== false;
}

export interface RenderTemplateOptions {
  /** Default false: the portal's downloads have none, and Excel reads ASCII headers either way. */
  bom?: boolean;
  /** Default true. */
  includeExampleRow?: boolean;
}

/** The template file as the Entra portal's download has it: version row, header row, example row. */
export function renderTemplate(template: CsvTemplate, options: RenderTemplateOptions = {}): string {
  const plain = { escapeFormulas: false };
  let out = options.bom ? UTF8_BOM : '';
  if (template.version) out += `version:${template.version}${CSV_LINE_END}`;
  out += csvLine(portalColumns(template).map(templateHeaderText), plain);
  if ((options.includeExampleRow ?? true) && template.exampleRow) out += csvLine(template.exampleRow, plain);
  return out;
}
