import { z } from 'zod';
import { ALL_CARD_VERBS, CARD_INPUT_IDS, type CardVerb } from './verbs';

const verbSchema = z.enum(ALL_CARD_VERBS as [CardVerb, ...CardVerb[]]);

/** `value.action.data` of an `adaptiveCard/action` invoke: the data the card carried plus its input values. */
export const cardActionDataSchema = z.object({
  cardToken: z.string().min(1),
  jobId: z.string().min(1).optional(),
  objectId: z.string().min(1).optional(),
  [CARD_INPUT_IDS.typedCount]: z.string().optional(),
  [CARD_INPUT_IDS.newUserPrincipalName]: z.string().trim().optional(),
  // Input.Toggle sends its valueOn/valueOff strings.
  [CARD_INPUT_IDS.autoReconcileProxyConflict]: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  [CARD_INPUT_IDS.includeChanged]: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export type CardActionData = z.infer<typeof cardActionDataSchema>;

export type CardActionParse =
  | { ok: true; verb: CardVerb; data: CardActionData }
  | { ok: false; reason: string };

/** Parses an Action.Execute invoke at the edge; client-side validation is advisory, so the bot re-checks here. */
export function parseCardAction(verb: unknown, data: unknown): CardActionParse {
  const v = verbSchema.safeParse(verb);
  if (!v.success) return { ok: false, reason: `This button is not one I know (${String(verb)}). Send the command again.` };
  const d = cardActionDataSchema.safeParse(data);
  if (!d.success) return { ok: false, reason: 'This card is missing its data. It may be from an older version; send the command again.' };
  return { ok: true, verb: v.data, data: d.data };
}

/** Server-side check of the typed row count on destructive confirmations ("1,000" and " 1000 " both match 1000). */
export function typedCountMatches(typed: string | undefined, expected: number): boolean {
  if (typed === undefined) return false;
  const digits = typed.trim().replace(/[,\s.'’]/g, '');
  return /^\d+$/.test(digits) && Number(digits) === expected;
}
