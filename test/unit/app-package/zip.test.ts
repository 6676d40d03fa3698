import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../tools/app-package/crc32';
import { readZip, writeZip } from '../../../tools/app-package/zip';

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789', 'ascii'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('can be computed in pieces', () => {
    const whole = crc32(Buffer.from('manifest.json', 'ascii'));
    expect(crc32(Buffer.from('.json', 'ascii'), crc32(Buffer.from('manifest', 'ascii')))).toBe(whole);
  });
});

describe('writeZip / readZip', () => {
  const text = Buffer.from(JSON.stringify({ hello: 'world', items: Array.from({ length: 50 }, (_, i) => `item ${i}`) }));
  const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256));

  it('round-trips entries with their names and bytes, deflating what shrinks and storing what does not', () => {
    const zip = writeZip([
      { name: 'manifest.json', data: text },
      { name: 'outline.png', data: noise },
      { name: 'empty.txt', data: new Uint8Array() },
    ]);
    const read = readZip(zip);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.entries.map((e) => e.name)).toEqual(['manifest.json', 'outline.png', 'empty.txt']);
    expect(Buffer.from(read.entries[0]?.data ?? []).equals(text)).toBe(true);
    expect(Buffer.from(read.entries[1]?.data ?? []).equals(noise)).toBe(true);
    expect(read.entries[2]?.data.length).toBe(0);
    // Method field of each local header: the JSON is deflated (8), the incompressible bytes stored (0).
    expect(zip.readUInt16LE(8)).toBe(8);
    expect(zip.length).toBeLessThan(text.length + noise.length + 200);
  });

  it('is byte-for-byte reproducible', () => {
    const entries = [{ name: 'a.json', data: text }];
    expect(writeZip(entries).equals(writeZip(entries))).toBe(true);
  });

  it('refuses duplicate names', () => {
    expect(() => writeZip([{ name: 'a', data: text }, { name: 'a', data: text }])).toThrow(/Duplicate zip entry name: a/);
  });

  it('detects a corrupted entry', () => {
    const zip = writeZip([{ name: 'noise.bin', data: noise }]);
    const damaged = Buffer.from(zip);
    const dataAt = 30 + 'noise.bin'.length;
    damaged[dataAt] = (damaged[dataAt] ?? 0) ^ 0xff;
    expect(readZip(damaged)).toEqual({ ok: false, reason: 'noise.bin fails its size or CRC check' });
  });

  it('says when the bytes are not a zip at all', () => {
    expect(readZip(Buffer.from('definitely not a zip file, just some text'))).toEqual({
      ok: false,
      reason: 'not a zip file: no end-of-central-directory record',
    });
  });
});
