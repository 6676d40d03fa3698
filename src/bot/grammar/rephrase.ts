/**
 * Conversational ways of saying a command, rewritten to the command's own words before the rules run:
 * "bring back Adele Vance" → "restore Adele Vance". Each rewrite keeps the rest of the text in its original case.
 */
const REWRITES: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  // "I accidentally deleted Adele Vance, can you restore her": the name is in the same message.
  [
    /^i\s+(?:(?:have|had|just|accidentally|mistakenly|wrongly|by mistake)\s+)*deleted\s+(.+?)(?:\s+by mistake|\s+accidentally)?\s*[,;.]?\s*(?:and\s+|so\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+)?(?:(?:restore|bring back|undelete|recover|get back)\s+(?:her|him|them|it)|(?:bring|get)\s+(?:her|him|them|it)\s+back)$/i,
    (m) => `restore ${m[1] ?? ''}`,
  ],
  [/^(?:bring|get)\s+back\s+(.+)$/i, (m) => `restore ${m[1] ?? ''}`],
  [/^(?:bring|get)\s+(.+?)\s+back$/i, (m) => `restore ${m[1] ?? ''}`],
  [/^undo\s+(?:the\s+)?(?:deletion|deleting|delete)\s+(?:of\s+)?(.+)$/i, (m) => `restore ${m[1] ?? ''}`],
  [/^send\s+(?:an?\s+)?(?:guest\s+)?(?:invitation|invite)s?\s+to\s+(.+)$/i, (m) => `invite ${m[1] ?? ''}`],
  [/^add\s+(?:an?\s+)?(?:guest user|external user|guest)s?\s+(?!to\s|into\s)(.+)$/i, (m) => `invite ${m[1] ?? ''}`],
  [/^invite\s+(?:an?\s+)?(?:guest user|external user|guest)s?\s+(.+)$/i, (m) => `invite ${m[1] ?? ''}`],
  [/^add\s+(.+?)\s+as\s+(?:an?\s+)?(?:guest user|external user|guest)s?$/i, (m) => `invite ${m[1] ?? ''}`],
];

export function rephrase(text: string): string {
  for (const [pattern, rewrite] of REWRITES) {
    const match = pattern.exec(text);
    if (match) return rewrite(match).trim();
  }
  return text;
}

/** Prefixes that only ask politely: "I need you to", "could you possibly". */
export const WRAPPER_PREFIX =
  /^(?:(?:hey|hi|hello|ok|okay)[,!]?\s+(?:bot[,!]?\s+)?|(?:please|pls|plz|kindly)[,]?\s+|(?:can|could|would|will)\s+you\s+(?:please\s+|possibly\s+|kindly\s+|just\s+)*|i\s+(?:need|want|would like)\s+(?:you\s+)?to\s+|i['’]d\s+like\s+(?:you\s+)?to\s+|help\s+me\s+|let['’]?s\s+|go\s+and\s+|just\s+)+/i;
