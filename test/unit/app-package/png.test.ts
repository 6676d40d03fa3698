import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../tools/app-package/crc32';
import { decodePng, encodePng, readPngHeader } from '../../../tools/app-package/png';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(Buffer.from(type, 'ascii'))));
  return Buffer.concat([length, Buffer.from(type, 'ascii'), data, crc]);
}

/** A PNG whose rows use the given filter types, built by hand so the decoder is checked against PNG, not our encoder. */
function filteredPng(width: number, rows: Array<{ filter: number; bytes: number[] }>, colorType = 6): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(rows.length, 4);
  header[8] = 8;
  header[9] = colorType;
  const raw = Buffer.from(rows.flatMap((row) => [row.filter, ...row.bytes]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('encodePng / decodePng', () => {
  it('round-trips RGBA pixels and writes an RGBA 8-bit header', () => {
    const pixels = new Uint8Array(3 * 2 * 4).map((_, i) => (i * 37) % 256);
    const png = encodePng({ width: 3, height: 2, pixels });
    expect(readPngHeader(png)).toEqual({ width: 3, height: 2, bitDepth: 8, colorType: 6, interlace: 0 });
    const decoded = decodePng(png);
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect([...decoded.image.pixels]).toEqual([...pixels]);
  });

  it('rejects pixel buffers of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(15) })).toThrow(/Expected 16 bytes/);
  });

  it('undoes the sub, up, average and paeth row filters', () => {
    // Two pixels a row. Row 0 unfiltered; each later row encodes the same target through another filter.
    const target = [10, 20, 30, 255, 50, 70, 90, 128];
    const up = target;
    const sub = [10, 20, 30, 255, 40, 50, 60, (128 - 255) & 0xff];
    const upFiltered = target.map((v, i) => (v - (up[i] ?? 0)) & 0xff);
    const average = target.map((v, i) => (v - (((i >= 4 ? (target[i - 4] ?? 0) : 0) + (up[i] ?? 0)) >> 1)) & 0xff);
    const paeth = target.map((v, i) => {
      const a = i >= 4 ? (target[i - 4] ?? 0) : 0;
      const b = up[i] ?? 0;
      const c = i >= 4 ? (up[i - 4] ?? 0) : 0;
      const p = a + b - c;
      const pick = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      return (v - pick) & 0xff;
    });
    const png = filteredPng(2, [
      { filter: 0, bytes: target },
      { filter: 1, bytes: sub },
      { filter: 2, bytes: upFiltered },
      { filter: 3, bytes: average },
      { filter: 4, bytes: paeth },
    ]);
    const decoded = decodePng(png);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    for (let row = 0; row < 5; row++) expect([...decoded.image.pixels.subarray(row * 8, row * 8 + 8)]).toEqual(target);
  });

  it('reports PNGs it does not decode instead of guessing', () => {
    const rgb = filteredPng(1, [{ filter: 0, bytes: [1, 2, 3] }], 2);
    expect(decodePng(rgb)).toEqual({ ok: false, reason: 'unsupported PNG: bit depth 8, colour type 2, interlace 0' });
    expect(decodePng(Buffer.from('GIF89a not a png at all, sorry'))).toEqual({ ok: false, reason: 'not a PNG file (bad signature or missing IHDR)' });
  });

  it('detects a damaged chunk', () => {
    const png = Buffer.from(encodePng({ width: 1, height: 1, pixels: new Uint8Array([1, 2, 3, 4]) }));
    png[20] = (png[20] ?? 0) ^ 1;
    expect(decodePng(png)).toEqual({ ok: false, reason: 'bad CRC in IHDR chunk' });
  });
});
