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
