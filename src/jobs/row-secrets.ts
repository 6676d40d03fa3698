import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A failure reason is a clause ("its secret …") to follow the row's name. */
export type OpenedSecret = { ok: true; value: string } | { ok: false; reason: string };

interface RowSecretKey {
  id: string;
  key: Buffer;
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

function toKey(key: Buffer): RowSecretKey {
  if (key.length !== KEY_BYTES) throw new RangeError(`A job data key is ${KEY_BYTES} bytes; this one has ${key.length}.`);
  return { id: keyIdOf(key), key: Buffer.from(key) };
}

// One key per process, set once from JOB_DATA_KEY at start-up. Without one, a random key is made: fine for memory
// storage, and for rows stored durably it means a restarted bot refuses them (with a reason) instead of leaking them.
let current: RowSecretKey | undefined;
let previous: RowSecretKey[] = [];

/**
 * Sets the key that seals secrets in job rows (JOB_DATA_KEY); call once at start-up, before any job is created.
 * Previous keys (JOB_DATA_KEY_PREVIOUS) only open what they sealed, so a key can be rotated under unfinished jobs.
 */
export function useJobDataKey(key: Buffer, previousKeys: readonly Buffer[] = []): void {
  current = toKey(key);
  previous = previousKeys.map(toKey);
}

function activeKey(): RowSecretKey {
  current ??= toKey(randomBytes(KEY_BYTES));
  return current;
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${PREFIX}:`);
}

/** AES-256-GCM with a fresh nonce; the key id lets a bot with another key say why it cannot open the value. */
export function sealSecret(plain: string): string {
  const { id, key } = activeKey();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${PREFIX}:${id}`));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

export function openSecret(sealed: string): OpenedSecret {
  const parts = sealed.split(':');
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX) return { ok: false, reason: 'its stored secret is damaged' };
  const [, , id, iv, tag, body] = parts as [string, string, string, string, string, string];
  const active = activeKey();
  const key = [active, ...previous].find((candidate) => candidate.id === id)?.key;
  if (!key) {
    return {
      ok: false,
      reason:
        'its secret was encrypted with a job data key this bot no longer has (JOB_DATA_KEY changed, or the bot restarted ' +
        'without one)',
    };
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${PREFIX}:${id}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return { ok: true, value: Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8') };
  } catch {
    return { ok: false, reason: 'its stored secret failed its integrity check (the job record was altered)' };
  }
}
