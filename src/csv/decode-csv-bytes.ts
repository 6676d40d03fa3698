import { DEFAULT_CSV_LIMITS, fileTooLargeMessage } from './csv-limits';
import type { CsvProblem } from './csv-problem';
import { csvProblem } from './csv-problem';

export type DecodeCsvResult = { ok: true; text: string; hadBom: boolean } | { ok: false; problem: CsvProblem };

export interface DecodeCsvOptions {
  maxBytes?: number;
  /** Only for the advice in the size message (how many rows each part may have). */
  maxRows?: number;
}

const SAVE_AS_UTF8 = 'In Excel choose File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)" and send the file again.';
const SAMPLE_BYTES = 64 * 1024;

export function decodeCsvBytes(bytes: Uint8Array, options: DecodeCsvOptions = {}): DecodeCsvResult {
  const limits = { maxBytes: options.maxBytes ?? DEFAULT_CSV_LIMITS.maxBytes, maxRows: options.maxRows ?? DEFAULT_CSV_LIMITS.maxRows };
  if (bytes.length > limits.maxBytes) return fail(csvProblem('too-large', fileTooLargeMessage(limits, bytes.length)));
  if (bytes.length === 0) {
    return fail(csvProblem('empty', 'The file is empty. Fill in the template (header row, then one row per item) and send it again.'));
  }

  const signature = recogniseSignature(bytes);
  if (signature) return fail(signature);

  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;

  if (body.indexOf(0) !== -1) return fail(nulProblem(body));
  if (looksBinary(body)) return fail(notText());

  const text = decodeUtf8(body);
  if (text === undefined) {
    const line = lineOfFirstInvalidUtf8(body);
    return fail(
      csvProblem(
        'not-utf8',
        `The file is not UTF-8: line ${line} has a character in another encoding (the file was probably saved as "CSV (Comma delimited)", which uses your computer's regional encoding, so accented letters would be garbled). ${SAVE_AS_UTF8}`,
        { line },
      ),
    );
  }
  if (text.trim().length === 0) {
    return fail(csvProblem('empty', 'The file has no content, only blank lines. Fill in the template and send it again.'));
  }
  return { ok: true, text, hadBom };
}

function fail(problem: CsvProblem): DecodeCsvResult {
  return { ok: false, problem };
}

function recogniseSignature(b: Uint8Array): CsvProblem | undefined {
  const starts = (...sig: number[]): boolean => sig.every((v, i) => b[i] === v);
  if (starts(0xff, 0xfe, 0x00, 0x00) || starts(0x00, 0x00, 0xfe, 0xff)) {
    return csvProblem('utf32', `The file is UTF-32 text. ${SAVE_AS_UTF8}`);
  }
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
    return csvProblem('utf16', `The file is UTF-16 ("Unicode Text"). ${SAVE_AS_UTF8}`);
  }
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    return csvProblem('spreadsheet', `This is an Excel workbook (.xlsx) or another zip file, not a CSV. ${SAVE_AS_UTF8}`);
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    return csvProblem('spreadsheet', `This is an old Excel workbook (.xls), not a CSV. ${SAVE_AS_UTF8}`);
  }
  if (starts(0x25, 0x50, 0x44, 0x46)) {
    return csvProblem('binary', 'This is a PDF, not a CSV. Export the data to a CSV (UTF-8) file and send that.');
  }
  const image = starts(0x89, 0x50, 0x4e, 0x47) ? 'PNG' : starts(0xff, 0xd8, 0xff) ? 'JPEG' : starts(0x47, 0x49, 0x46, 0x38) ? 'GIF' : undefined;
  if (image) return csvProblem('binary', `This is a ${image} image (perhaps a screenshot), not a CSV. Export the data to a CSV (UTF-8) file and send that.`);
  if (starts(0x1f, 0x8b)) return csvProblem('binary', 'This is a compressed (gzip) file, not a CSV. Extract the CSV from it and send that.');
  const markup = markupKind(b);
  if (markup === 'xml') return csvProblem('spreadsheet', `This is an XML file (perhaps an Excel "XML Spreadsheet"), not a CSV. ${SAVE_AS_UTF8}`);
  if (markup === 'html') {
    return csvProblem(
      'web-page',
      'This is a web page (HTML), not a CSV: the download probably stopped at a sign-in or error page. Download or export the CSV again, open it to check it shows rows of values, and send it.',
    );
  }
  return undefined;
}

function markupKind(b: Uint8Array): 'html' | 'xml' | undefined {
  const head = new TextDecoder('utf-8').decode(b.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head')) return 'html';
  if (head.startsWith('<?xml')) return 'xml';
  return undefined;
}

function notText(): CsvProblem {
  return csvProblem('binary', `This file is not text, so it can't be a CSV. ${SAVE_AS_UTF8}`);
}

function nulProblem(b: Uint8Array): CsvProblem {
  // UTF-16 saved without a byte order mark puts a NUL beside every ASCII character.
  const n = Math.min(b.length, SAMPLE_BYTES);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (b[i] === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  const pairs = Math.floor(n / 2);
  if (pairs > 0 && (evenNul / pairs > 0.3 || oddNul / pairs > 0.3) && Math.min(evenNul, oddNul) < pairs * 0.05) {
    return csvProblem('utf16', `The file is UTF-16 ("Unicode Text"). ${SAVE_AS_UTF8}`);
  }
  if (looksBinary(b)) return notText();
  const line = lineAt(b, b.indexOf(0));
  return csvProblem('binary', `line ${line} contains binary data (a NUL byte), so the file isn't a CSV text file. ${SAVE_AS_UTF8}`, { line });
}

function lineAt(b: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (b[i] === 0x0a) line++;
  return line;
}

function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, SAMPLE_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i] as number;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return control > Math.max(8, n * 0.01);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(b: Uint8Array): string | undefined {
  try {
    return utf8.decode(b);
  } catch {
    return undefined;
  }
}

function lineOfFirstInvalidUtf8(b: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    let extra: number;
    if (c < 0x80) extra = 0;
    else if (c >= 0xc2 && c <= 0xdf) extra = 1;
    else if (c >= 0xe0 && c <= 0xef) extra = 2;
    else if (c >= 0xf0 && c <= 0xf4) extra = 3;
    else return line;
    for (let k = 1; k <= extra; k++) {
      const next = b[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return line;
    }
    if (c === 0x0a) line++;
    i += extra + 1;
  }
  return line;
}
