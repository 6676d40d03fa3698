import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that seals create-users passwords in job rows, made once per data folder: Azurite keeps jobs between runs,
 * so a restarted stack must open the rows the last run sealed. Base64 of 32 random bytes, as JOB_DATA_KEY expects.
 */
export function localJobDataKey(dataDir: string): string {
  const file = join(dataDir, 'job-data-key');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (Buffer.from(stored, 'base64').length === 32) return stored;
  }
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
