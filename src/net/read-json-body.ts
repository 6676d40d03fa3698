import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** What a request body turned out to be; only `json` carries content. */
export type JsonBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'not-json' }
  /** Not `application/json`, or compressed other than with gzip. */
  | { kind: 'unsupported-media' }
  | { kind: 'too-large' };

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Reads and parses a JSON request body, never holding more than `maxBytes` (after gzip decompression, so a small
 * compressed body cannot expand past the limit). A body past the limit is drained unread.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!JSON_MEDIA_TYPE.test(req.headers['content-type'] ?? '') || (encoding !== 'identity' && encoding !== 'gzip')) {
    req.resume();
    return { kind: 'unsupported-media' };
  }
  const declared = Number(req.headers['content-length']);
  if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return { kind: 'too-large' };
  }
  const gunzip = encoding === 'gzip' ? createGunzip() : undefined;
  const source: Readable = gunzip ? req.pipe(gunzip) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      size += buffer.byteLength;
      if (size > maxBytes) {
        if (gunzip) {
          req.unpipe(gunzip);
          gunzip.destroy();
        }
        req.resume();
        return { kind: 'too-large' };
      }
      chunks.push(buffer);
    }
  } catch {
    // A gzip stream that is not gzip, or a client that went away mid-body.
    req.resume();
    return { kind: 'not-json' };
  }
  try {
    return { kind: 'json', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { kind: 'not-json' };
  }
}
