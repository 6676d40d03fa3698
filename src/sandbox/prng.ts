export type Random = () => number;

// mulberry32: tiny, fast and good enough to make a tenant that is the same for the same seed.
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}

export function randomInt(random: Random, min: number, maxInclusive: number): number {
  return min + Math.floor(random() * (maxInclusive - min + 1));
}

function hex32(random: Random): string {
  return Math.floor(random() * 4294967296)
    .toString(16)
    .padStart(8, '0');
}

export function randomGuid(random: Random): string {
  const a = hex32(random);
  const b = hex32(random);
  const c = hex32(random);
  const d = hex32(random);
  const variant = ((parseInt(c[0] ?? '0', 16) & 3) | 8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}
