/** The most targets one typed message may name; beyond it the bot asks for a CSV. */
export const MAX_TYPED_TARGETS = 20;

/** "her", "him", "them": the targets the bot named last in this conversation. */
const PRONOUN = /^(?:her|him|them|it|she|he|they|that (?:user|person|one)|this (?:user|person|one)|those (?:users|people)|these (?:users|people)|the same (?:user|person|people|users))$/i;

export function isPronoun(text: string): boolean {
  return PRONOUN.test(text.trim());
}

export interface TargetList {
  targets: string[];
  /** Set when only "and"/"&" separated the names, so the whole text may also be one name ("Sales and Marketing"). */
  wholeName?: string;
}

const EMAIL_LIKE = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/;

/**
 * "Adele Vance, Megan Bowen and Emily Braun" → three names; "a@x.com b@x.com" → two addresses. Commas, semicolons,
 * " and ", " & " separate names; spaces separate only when every piece is an address.
 */
export function splitTargets(text: string): TargetList {
  const trimmed = text.trim();
  const byPunctuation = trimmed.split(/\s*[,;]\s*/);
  const pieces = byPunctuation.flatMap((piece) => piece.split(/\s+(?:and|&)\s+/i)).map(unquoteName).filter((p) => p !== '');
  const words = pieces.flatMap((piece) => piece.split(/\s+/));
  const targets = words.length > pieces.length && words.every((w) => EMAIL_LIKE.test(w)) ? words : pieces;
  if (targets.length < 2) return { targets: [unquoteName(trimmed)].filter((t) => t !== '') };
  const onlyAnd = byPunctuation.length === 1 && targets.length === pieces.length;
  return { targets, ...(onlyAnd ? { wholeName: unquoteName(trimmed) } : {}) };
}

function unquoteName(value: string): string {
  const trimmed = value.trim();
  return (/^["“'](.*)["”']$/.exec(trimmed)?.[1] ?? trimmed).trim();
}

export function tooManyTargetsMessage(count: number, template: string): string {
  return (
    `That names ${count} targets; I take up to ${MAX_TYPED_TARGETS} in one message. ` +
    `For more, attach a CSV (\`template ${template}\` gives the format).`
  );
}
