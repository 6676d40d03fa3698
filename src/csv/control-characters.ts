/** C0 and C1 control characters (tab, CR and LF included): invisible, and a terminal runs escape sequences made of them. */
export function isControlCode(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** The first control character other than CR and LF, or undefined. */
export function firstControlCharacter(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControlCode(code) && code !== 0x0a && code !== 0x0d) return text.charAt(i);
  }
  return undefined;
}

/** Text safe to repeat in a message: every control character becomes a visible replacement character. */
export function showControlCharacters(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isControlCode(text.charCodeAt(i))) continue;
    out += `${text.slice(start, i)}\uFFFD`;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}
