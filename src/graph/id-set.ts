const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORDS = 4;

/**
 * A set of directory object ids that holds a GUID in 16 bytes of a typed array (open addressing, linear probing)
 * rather than as a string in a Set (about 80 bytes), so remembering the ids of a 500,000-user export costs about
 * 17 MB. Ids that are not GUIDs fall back to a plain Set. Comparison ignores case.
 */
export class IdSet {
  private capacity = 1024;
  private slots = new Uint32Array(this.capacity * WORDS);
  private used = new Uint8Array(this.capacity);
  private guids = 0;
  private readonly others = new Set<string>();

  get size(): number {
    return this.guids + this.others.size;
  }

  add(id: string): void {
    const words = guidWords(id);
    if (words === undefined) {
      this.others.add(id.toLowerCase());
      return;
    }
    if (this.find(words) >= 0) return;
    if ((this.guids + 1) * 4 > this.capacity * 3) this.grow();
    this.insert(words);
    this.guids += 1;
  }

  has(id: string): boolean {
    const words = guidWords(id);
    return words === undefined ? this.others.has(id.toLowerCase()) : this.find(words) >= 0;
  }

  private find(words: readonly number[]): number {
    const mask = this.capacity - 1;
    for (let slot = hash(words) & mask; this.used[slot] === 1; slot = (slot + 1) & mask) {
      const at = slot * WORDS;
      if (this.slots[at] === words[0] && this.slots[at + 1] === words[1] && this.slots[at + 2] === words[2] && this.slots[at + 3] === words[3]) return slot;
    }
    return -1;
  }

  private insert(words: readonly number[]): void {
    const mask = this.capacity - 1;
    let slot = hash(words) & mask;
    while (this.used[slot] === 1) slot = (slot + 1) & mask;
    this.used[slot] = 1;
    this.slots.set(words, slot * WORDS);
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldUsed = this.used;
    this.capacity *= 2;
    this.slots = new Uint32Array(this.capacity * WORDS);
    this.used = new Uint8Array(this.capacity);
    for (let slot = 0; slot < oldUsed.length; slot++) {
      if (oldUsed[slot] === 1) this.insert(Array.from(oldSlots.subarray(slot * WORDS, slot * WORDS + WORDS)));
    }
  }
}

function guidWords(id: string): number[] | undefined {
  if (!GUID.test(id)) return undefined;
  const hex = id.replace(/-/g, '');
  return [0, 1, 2, 3].map((i) => Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16) >>> 0);
}

function hash(words: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const word of words) h = Math.imul(h ^ word, 0x01000193) >>> 0;
  return h ^ (h >>> 16);
}
