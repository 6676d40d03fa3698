import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES, isAllowedUploadUrl, uploadInRanges } from '../../../src/bot/file-upload';

interface Put {
  url: string;
  range: string;
  bytes: number;
}

function recordingFetch(puts: Put[], status: (index: number) => number = () => 202): typeof fetch {
  return ((url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    puts.push({ url, range: headers['content-range'] ?? '', bytes: (init.body as Buffer).byteLength });
    return Promise.resolve(new Response(null, { status: status(puts.length - 1) }));
  }) as typeof fetch;
}

function streamOf(size: number, pieces = 7): Readable {
  const data = Buffer.alloc(size, 0x61);
  const step = Math.ceil(size / pieces);
  const parts: Buffer[] = [];
  for (let i = 0; i < size; i += step) parts.push(data.subarray(i, i + step));
  return Readable.from(parts);
}

describe('uploadInRanges', () => {
  it('sends contiguous ranges of at most the chunk size, each naming the total', async () => {
    const puts: Put[] = [];
    const result = await uploadInRanges(streamOf(2500), 'https://upload.example/session', 2500, { fetch: recordingFetch(puts), chunkBytes: 1000 });
    expect(result).toEqual({ ok: true, bytes: 2500 });
    expect(puts.map((p) => [p.range, p.bytes])).toEqual([
      ['bytes 0-999/2500', 1000],
      ['bytes 1000-1999/2500', 1000],
      ['bytes 2000-2499/2500', 500],
    ]);
  });

  it('keeps the default chunk under 4 MB and a multiple of 320 KiB', () => {
    expect(UPLOAD_CHUNK_BYTES).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(UPLOAD_CHUNK_BYTES % (320 * 1024)).toBe(0);
  });

  it('refuses upload addresses that are not https (loopback http is for tests)', async () => {
    expect(isAllowedUploadUrl('http://127.0.0.1:9/upload')).toBe(true);
    expect(isAllowedUploadUrl('http://evil.example/upload')).toBe(false);
    expect(isAllowedUploadUrl('file:///etc/passwd')).toBe(false);
    const puts: Put[] = [];
    const result = await uploadInRanges(streamOf(10), 'http://evil.example/upload', 10, { fetch: recordingFetch(puts) });
    expect(result.ok).toBe(false);
    expect(puts).toEqual([]);
  });

  it('stops at the first refused range and says so', async () => {
    const puts: Put[] = [];
    const result = await uploadInRanges(streamOf(3000), 'https://upload.example/s', 3000, { fetch: recordingFetch(puts, (i) => (i === 1 ? 500 : 202)), chunkBytes: 1000 });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('HTTP 500') as string });
    expect(puts).toHaveLength(2);
  });

  it('never sends more or fewer bytes than the size announced on the consent card', async () => {
    const longerPuts: Put[] = [];
    const longer = await uploadInRanges(streamOf(1500), 'https://upload.example/s', 1000, { fetch: recordingFetch(longerPuts), chunkBytes: 1000 });
    expect(longer.ok).toBe(false);
    expect(longerPuts).toEqual([]);
    const shorterPuts: Put[] = [];
    const shorter = await uploadInRanges(streamOf(1900), 'https://upload.example/s', 2000, { fetch: recordingFetch(shorterPuts), chunkBytes: 1000 });
    expect(shorter.ok).toBe(false);
    expect(shorterPuts.map((p) => p.range)).toEqual(['bytes 0-999/2000']);
  });
});
