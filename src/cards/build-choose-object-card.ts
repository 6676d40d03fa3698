import type { AdaptiveCardJson } from './adaptive-card-json';
import { cardPlainText } from './card-button-title';
import { audienceTemplateData, withAudienceRefresh, type CardAudience } from './card-audience';
import { expandCardTemplate } from './card-template';
import { daysLeftColor, daysLeftText } from './days-left';
import { escapeCardLine } from './escape-card-text';
import { cardDate, countOf, formatCount } from './format';

export interface ObjectCandidate {
  objectId: string;
  /** e.g. "User", "Microsoft 365 group", "Application". */
  typeLabel: string;
  displayName: string;
  userPrincipalName?: string;
  mail?: string;
  deletedAt?: string;
  daysLeft?: number;
}

export interface ChooseObjectView {
  cardToken: string;
  jobId?: string;
  /** What the person typed, e.g. "Megan Bowen". */
  query: string;
  /** Verb for the question and buttons, e.g. "restore". */
  action: string;
  candidates: readonly ObjectCandidate[];
  audience: CardAudience;
  /** Once chosen, the card shows only that object and no buttons, so a second click cannot propose another job. */
  chosenObjectId?: string;
  /** Nothing is named exactly as typed; the candidates only start with it ("Did you mean Allan Deyoung?"). */
  didYouMean?: boolean;
  /** Where the candidates were found, for the "nothing is named exactly" line; "the recycle bin" by default. */
  scope?: 'the recycle bin' | 'active users';
}

export const MAX_CANDIDATES = 8;

export function buildChooseObjectCard(view: ChooseObjectView): AdaptiveCardJson {
  const chosen = view.chosenObjectId === undefined ? undefined : view.candidates.find((c) => c.objectId === view.chosenObjectId);
  const shown = chosen ? [chosen] : view.candidates.slice(0, MAX_CANDIDATES);
  const hidden = chosen ? 0 : view.candidates.length - shown.length;
  const base = view.jobId === undefined ? { cardToken: view.cardToken } : { cardToken: view.cardToken, jobId: view.jobId };
  const action = cardPlainText(view.action, 20);
  const card = expandCardTemplate('choose-object', {
    eyebrow: `${escapeCardLine(capitalise(view.action), 40)} · Choose one`,
    title: chosen
      ? `${escapeCardLine(capitalise(view.action), 40)} ${escapeCardLine(chosen.displayName, 100)}`
      : view.didYouMean
        ? didYouMeanTitle(view.candidates)
        : `${countOf(view.candidates.length, 'match', 'matches')} for “${escapeCardLine(view.query, 100)}”`,
    question: chosen
      ? 'You chose this one. Confirm or cancel on the card below; nothing has changed yet.'
      : view.didYouMean
        ? `${view.scope === 'active users' ? 'No active user' : 'Nothing in the recycle bin'} is named exactly “${escapeCardLine(view.query, 100)}”. Choose the one you mean to ${escapeCardLine(view.action, 40)}, or send the command again with its exact name, UPN or object id.`
        : `Which one do you want to ${escapeCardLine(view.action, 40)}?`,
    decided: chosen !== undefined,
    candidates: shown.map((c) => ({
      name: escapeCardLine(c.displayName, 120),
      typeText: escapeCardLine(c.typeLabel, 60),
      details: candidateDetails(c).map((text) => ({ text })),
      hasDaysLeft: c.daysLeft !== undefined,
      daysLeftText: daysLeftText(c.daysLeft ?? 0),
      daysLeftColor: daysLeftColor(c.daysLeft ?? 0),
      // Several candidates share a name: the UPN (or mail, or type) tells the buttons apart, also for screen readers.
      buttonTitle: `${capitalise(action)} ${cardPlainText(c.displayName, 24)} (${cardPlainText(c.userPrincipalName ?? c.mail ?? c.typeLabel, 34)})`,
      actionData: { ...base, objectId: c.objectId },
    })),
    hasMore: hidden > 0,
    moreText: `${formatCount(hidden)} more also match; use a UPN, mail or object id to pick one of those.`,
    cancelData: base,
    ...audienceTemplateData(view.audience, 'choose'),
  });
  return withAudienceRefresh(card, view.audience, base);
}

function didYouMeanTitle(candidates: readonly ObjectCandidate[]): string {
  const [only] = candidates;
  return candidates.length === 1 && only ? `Did you mean ${escapeCardLine(only.displayName, 100)}?` : `Did you mean one of these ${formatCount(candidates.length)}?`;
}

function candidateDetails(c: ObjectCandidate): string[] {
  const lines: string[] = [];
  if (c.userPrincipalName !== undefined && c.userPrincipalName !== '') lines.push(`UPN: ${escapeCardLine(c.userPrincipalName, 120)}`);
  if (c.mail !== undefined && c.mail !== '' && c.mail !== c.userPrincipalName) lines.push(`Mail: ${escapeCardLine(c.mail, 120)}`);
  if (c.deletedAt !== undefined) lines.push(`Deleted ${cardDate(c.deletedAt)}`);
  return lines;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
}
