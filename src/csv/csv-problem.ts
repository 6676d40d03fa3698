export type CsvProblemCode =
  | 'too-large'
  | 'empty'
  | 'utf16'
  | 'utf32'
  | 'not-utf8'
  | 'binary'
  | 'web-page'
  | 'spreadsheet'
  | 'unclosed-quote'
  | 'too-many-columns'
  | 'header-only'
  | 'too-many-rows'
  | 'wrong-template'
  | 'missing-column'
  | 'unknown-template'
  | 'ambiguous-template';

/** A reason the whole file can't be used, worded for the admin who sent it. */
export interface CsvProblem {
  code: CsvProblemCode;
  message: string;
  line?: number;
  column?: string;
}

/** Something worth telling the admin that does not stop the file from being used. */
export interface CsvNotice {
  line: number;
  column?: string;
  message: string;
}

export function csvProblem(code: CsvProblemCode, message: string, at: { line?: number; column?: string } = {}): CsvProblem {
  return { code, message, ...at };
}
