import type { AdaptiveCardJson, JsonObject } from './adaptive-card-json';
import { cardPlainText } from './card-button-title';
import { escapeCardLine } from './escape-card-text';
import { CARD_VERBS } from './verbs';

/**
 * Who sees a card. In group chats and channels the card posted to everyone is the read-only `observer` view with a
 * `refresh` limited to the initiator; the initiator's client then asks for the `initiator` view (verb `refresh-job`).
 */
export interface CardAudience {
  isGroup: boolean;
  initiator: { mri: string; name: string };
  viewer: 'initiator' | 'observer';
}

export function personalAudience(initiator: { mri: string; name: string }): CardAudience {
  return { isGroup: false, initiator, viewer: 'initiator' };
}

export interface AudienceTemplateData {
  interactive: boolean;
  onlyInitiatorText: string;
}

/** `what` completes "Only Megan Bowen can …", e.g. "confirm or cancel this job". */
export function audienceTemplateData(audience: CardAudience, what: string): AudienceTemplateData {
  return {
    interactive: audience.viewer === 'initiator',
    onlyInitiatorText: `Only ${escapeCardLine(audience.initiator.name, 80)} can ${what}.`,
  };
}

export interface RefreshActionData {
  jobId?: string;
  cardToken: string;
}

/** Adds `refresh` for group contexts so the initiator (and only they) gets the interactive view. */
export function withAudienceRefresh(
  card: AdaptiveCardJson,
  audience: CardAudience,
  data: RefreshActionData,
  options: { initiatorHasActions?: boolean } = {},
): AdaptiveCardJson {
  if (!audience.isGroup) return card;
  const actionData: JsonObject = { cardToken: data.cardToken };
  if (data.jobId !== undefined) actionData.jobId = data.jobId;
  const refresh = { type: 'Action.Execute', verb: CARD_VERBS.refreshJob, data: actionData };
  // Clients that never refresh (the Agents Playground, Teams after 24 h or in chats over 60 people) still let the
  // initiator ask for their view; anyone else who presses it gets this read-only view again.
  const showMine: JsonObject = { ...refresh, title: `Show ${cardPlainText(audience.initiator.name, 40)}'s options`, associatedInputs: 'none' };
  const existing = Array.isArray(card.actions) ? card.actions : [];
  return {
    ...card,
    ...(audience.viewer === 'observer' && data.jobId !== undefined && options.initiatorHasActions !== false ? { actions: [...existing, showMine] } : {}),
    refresh: { action: refresh, userIds: [audience.initiator.mri] },
  };
}
