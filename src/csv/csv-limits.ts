export interface CsvLimits {
  maxBytes: number;
  maxRows: number;
}

/** Limits for files that drive writes; exports are written, not read, so they are not bounded by these. */
export const DEFAULT_CSV_LIMITS: CsvLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 50_000,
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function splitAdvice(maxRows: number): string {
  return `Split it into files of at most ${formatCount(maxRows)} rows and send them one at a time.`;
}

/**
 * The one wording of the size limit, for the CLI (which knows the size) and the bot (which may stop
 * downloading before it does), so both say the same thing about the same file.
 */
export function fileTooLargeMessage(limits: CsvLimits, sizeBytes?: number): string {
  const size = sizeBytes === undefined ? 'The file is' : `The file is ${formatBytes(sizeBytes)},`;
  return `${size} larger than the ${formatBytes(limits.maxBytes)} limit. ${splitAdvice(limits.maxRows)}`;
}

export function tooManyRowsMessage(maxRows: number, rows: number): string {
  return `The file has ${formatCount(rows)} rows; the limit is ${formatCount(maxRows)}. ${splitAdvice(maxRows)}`;
}
