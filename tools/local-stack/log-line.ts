const PINO_LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** A pino JSON line as "warn  message (err: …)" for the one log npm start prints; other lines unchanged. */
export function readableLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (!record || typeof record !== 'object') return line;
  const { level, msg, err } = record as { level?: unknown; msg?: unknown; err?: { message?: unknown } };
  if (typeof msg !== 'string') return line;
  const name = typeof level === 'number' ? (PINO_LEVELS[level] ?? String(level)) : 'log';
  const error = typeof err?.message === 'string' ? ` (${err.message})` : '';
  return `${name.padEnd(5)} ${msg}${error}`;
}
