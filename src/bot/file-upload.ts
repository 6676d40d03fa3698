import type { Readable } from 'node:stream';
import { isLoopbackHost } from '../net/loopback';

/** OneDrive upload sessions want chunks in multiples of 320 KiB; 12 of them stay under Teams' 4 MB per request. */
export const UPLOAD_CHUNK_BYTES = 12 * 320 * 1024;

export type UploadResult = { ok: true; bytes: number } | { ok: false; reason: string };

/** The upload URL comes from an invoke: only https (or loopback http, for local tests) gets the file's bytes. */
export function isAllowedUploadUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** Size of a stored file, read once as a stream so nothing large is held. */
export async function measureStream(stream: Readable): Promise<number> {
  let size = 0;
  for await (const chunk of stream) size += (chunk as Buffer).byteLength;
  return size;
}

async function* fixedChunks(stream: Readable, chunkBytes: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of stream) {
    let data = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
    while (data.byteLength > 0) {
      const take = Math.min(chunkBytes - pendingBytes, data.byteLength);
      pending.push(data.subarray(0, take));
      pendingBytes += take;
      data = data.subarray(take);
      if (pendingBytes === chunkBytes) {
        yield Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/*
 * Not the SDK's LargeFileUploadTask (checked against @microsoft/microsoft-graph-client 3.0.7): it reads every answer
 * as progress, so OneDrive's refusal (a 4xx without `nextExpectedRanges`) ends in a TypeError and the HTTP status our
 * reason names is lost; its StreamUpload reads exactly `size` bytes, so a file that grew after the consent card would
 * be sent short and reported complete; and it PUTs through a Graph Client's request builder, which re-parses the
 * pre-authenticated SharePoint URL (first path segment as an API version, query re-serialised with its tempauth)
 * and would need a second client whose chain carries no token. This loop is the part of it we need, without those.
 */

/**
 * PUTs the stream to an upload session in byte ranges (`Content-Range: bytes 0-3932159/9000000`), holding one chunk
 * at a time. `total` was announced on the consent card; a stream of another length is refused, not sent short.
 */
export async function uploadInRanges(
  stream: Readable,
  uploadUrl: string,
  total: number,
  options: { fetch?: typeof fetch; chunkBytes?: number } = {},
): Promise<UploadResult> {
  if (!isAllowedUploadUrl(uploadUrl)) return { ok: false, reason: 'Teams gave me an upload address that is not https, so I did not send the file.' };
  if (total <= 0) return { ok: false, reason: 'The file is empty, so there is nothing to upload.' };
  const put = options.fetch ?? fetch;
  const chunkBytes = Math.max(1, Math.min(options.chunkBytes ?? UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_BYTES));
  let offset = 0;
  const send = async (chunk: Buffer, isLast: boolean): Promise<UploadResult | undefined> => {
    const end = offset + chunk.byteLength - 1;
    // The session completes with the range that reaches `total`: only the stream's real last chunk may do that.
    if (isLast ? end !== total - 1 : end >= total - 1) return { ok: false, reason: 'The file changed after I offered it; ask for it again.' };
    let response: Response;
    try {
      response = await put(uploadUrl, {
        method: 'PUT',
        headers: { 'content-range': `bytes ${offset}-${end}/${total}`, 'content-length': String(chunk.byteLength) },
        body: chunk,
      });
    } catch {
      return { ok: false, reason: 'I could not reach OneDrive to upload the file; try again in a minute.' };
    }
    await response.body?.cancel();
    if (!response.ok) return { ok: false, reason: `OneDrive refused the upload (HTTP ${response.status}); try again in a minute.` };
    offset = end + 1;
    return undefined;
  };
  let held: Buffer | undefined;
  for await (const chunk of fixedChunks(stream, chunkBytes)) {
    if (held) {
      const failed = await send(held, false);
      if (failed) {
        stream.destroy();
        return failed;
      }
    }
    held = chunk;
  }
  if (!held) return { ok: false, reason: 'The file is empty, so there is nothing to upload.' };
  const failed = await send(held, true);
  if (failed) return failed;
  return { ok: true, bytes: total };
}
