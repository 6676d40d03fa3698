import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger';
import { scrubSecrets, scrubString } from '../../../src/logging/scrub-secrets';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJvaWQiOiIxMjM0NTY3OCJ9.c2lnbmF0dXJlLXZhbHVl';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('scrubSecrets', () => {
  it('masks JWTs, bearer headers, storage keys and SAS signatures inside text', () => {
    const text = `token ${JWT} header Bearer abcdefghijk12345 conn DefaultEndpointsProtocol=https;AccountKey=Zm9vYmFy==;x url https://a.blob.core.windows.net/c?sv=1&sig=abc%2Fdef`;
    const out = scrubString(text);
    expect(out).not.toContain(JWT);
    expect(out).not.toContain('abcdefghijk12345');
    expect(out).not.toContain('Zm9vYmFy==');
    expect(out).not.toContain('abc%2Fdef');
    expect(out).toContain('AccountKey=[redacted]');
  });

  it('masks language model keys: the api-key header, apiKey fields and OpenAI sk- keys in text', () => {
    const out = scrubSecrets({
      headers: { 'api-key': '0123456789abcdef0123456789abcdef', 'content-type': 'application/json' },
      languageModel: { provider: 'openai', apiKey: 'plain-key', endpoint: 'https://api.openai.com/v1' },
      AZURE_OPENAI_API_KEY: 'from-env',
      message: 'request failed with key sk-proj-AbCdEfGhIjKlMnOpQrSt_uv',
    });
    expect(out).toEqual({
      headers: { 'api-key': '[redacted]', 'content-type': 'application/json' },
      languageModel: { provider: 'openai', apiKey: '[redacted]', endpoint: 'https://api.openai.com/v1' },
      AZURE_OPENAI_API_KEY: '[redacted]',
      message: 'request failed with key [redacted]',
    });
  });

  it('masks secret-named keys at any depth and leaves the rest', () => {
    const out = scrubSecrets({
      req: { headers: { Authorization: 'Bearer x', accept: 'json' } },
      row: { passwordProfile: { password: 'P@ssw0rd!' }, displayName: 'Adele Vance' },
      access_token: 'opaque',
    });
    expect(out).toEqual({
      req: { headers: { Authorization: '[redacted]', accept: 'json' } },
      row: { passwordProfile: '[redacted]', displayName: 'Adele Vance' },
      access_token: '[redacted]',
    });
  });
});

describe('scrubSecrets and key material', () => {
  it('never writes the job data key or other bytes, whatever the key is called', () => {
    const key = Buffer.alloc(32, 0xab);
    const out = JSON.stringify(
      scrubSecrets({ config: { jobDataKey: key, JOB_DATA_KEY: key.toString('base64'), JOB_DATA_KEY_PREVIOUS: key.toString('base64'), other: { blob: key }, private_key: 'pem' } }),
    );
    expect(out).not.toContain(key.toString('base64'));
    expect(out).not.toContain('171');
    expect(out).not.toContain('pem');
    expect(out).toContain('[32 bytes]');
  });
});

describe('createLogger', () => {
  it('writes JSON lines with no token-like text in objects, messages or errors', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'debug', destination: stream });
    logger.info({ headers: { authorization: `Bearer ${JWT}` }, user: 'adele@contoso.com' }, `got ${JWT}`);
    logger.error({ err: new Error(`Graph said no for ${JWT}`) }, 'failed');
    const all = lines.join('');
    expect(all).not.toContain(JWT);
    expect(all).toContain('adele@contoso.com');
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(first.level).toBe('info');
    expect(first.msg).toBe('got [redacted]');
  });

  it('respects the level', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ level: 'warn', destination: stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });
});
