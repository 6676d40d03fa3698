// Azure Table string properties hold at most 64 KiB (32K UTF-16 units); longer JSON is split across
// numbered properties `${name}0..n` with `${name}Chunks` holding the count.
export const CHUNK_CHARS = 30_000;

export function splitIntoChunks(text: string, chunkChars = CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + chunkChars, text.length);
    const last = text.charCodeAt(end - 1);
    // Never cut a surrogate pair in half: each half alone would not survive UTF-8 encoding.
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

export function chunkProperties(name: string, text: string): Record<string, string | number> {
  const chunks = splitIntoChunks(text);
  const properties: Record<string, string | number> = { [`${name}Chunks`]: chunks.length };
  chunks.forEach((chunk, i) => {
    properties[`${name}${i}`] = chunk;
  });
  return properties;
}

export function joinChunks(entity: Record<string, unknown>, name: string): string | undefined {
  const count = entity[`${name}Chunks`];
  if (typeof count !== 'number' || count === 0) return undefined;
  let text = '';
  for (let i = 0; i < count; i++) {
    const part = entity[`${name}${i}`];
    if (typeof part !== 'string') return undefined;
    text += part;
  }
  return text;
}
