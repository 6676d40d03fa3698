import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { commandButton } from './command-button';
import { escapeCardLine, escapeCardText } from './escape-card-text';
import { cardDate, cardTime } from './format';

export interface ErrorView {
  /** What failed, in the person's terms, e.g. "I couldn't restore Adele Vance". */
  title: string;
  /** The reason a person can act on. Never a raw exception. */
  message: string;
  suggestion?: string;
  /** Graph error code and request id, for support. */
  code?: string;
  requestId?: string;
  occurredAt?: string;
  /** The small line above the title; a refusal is not a failure ("Permission needed"). */
  eyebrow?: string;
  /** `refusal`: something the person may not do, shown calmly; `failure` (default): something broke. */
  tone?: 'failure' | 'refusal';
  /** A command the person can send again once the cause is fixed (e.g. after activating a role in PIM). */
  retryCommand?: string;
}

export function buildErrorCard(view: ErrorView): AdaptiveCardJson {
  const facts: Array<{ title: string; value: string }> = [];
  if (view.code !== undefined && view.code !== '') facts.push({ title: 'Code', value: escapeCardLine(view.code, 80) });
  if (view.requestId !== undefined && view.requestId !== '') facts.push({ title: 'Request id', value: escapeCardLine(view.requestId, 80) });
  if (view.occurredAt !== undefined) facts.push({ title: 'Time', value: `${cardDate(view.occurredAt)} ${cardTime(view.occurredAt)}` });
  const refusal = view.tone === 'refusal';
  return expandCardTemplate('error', {
    eyebrow: escapeCardLine(view.eyebrow ?? (refusal ? 'Not allowed' : 'Something went wrong'), 60),
    eyebrowColor: refusal ? 'warning' : 'attention',
    title: escapeCardLine(view.title, 160),
    message: escapeCardText(view.message),
    hasSuggestion: view.suggestion !== undefined && view.suggestion !== '',
    suggestion: escapeCardText(view.suggestion ?? ''),
    hasSupport: facts.length > 0,
    supportFacts: facts,
    hasRetry: view.retryCommand !== undefined && view.retryCommand !== '',
    retry: commandButton('Retry', view.retryCommand ?? ''),
  });
}
