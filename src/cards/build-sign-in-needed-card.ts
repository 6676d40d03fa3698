import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { escapeCardLine, escapeCardText } from './escape-card-text';
import { safeCardUrl } from './safe-card-url';

export interface SignInNeededView {
  cardToken: string;
  jobId?: string;
  /** Why now, e.g. "Your sign-in expired while job 7KQ2 was running; it is paused until you sign in." */
  reason: string;
  /** When absent the button is an `Action.Execute` (`sign-in`) and the bot starts its sign-in flow. */
  signInUrl?: string;
  /** Plain descriptions of the delegated permissions, e.g. "Read and write all users' full profiles". */
  permissions?: readonly string[];
}

export function buildSignInNeededCard(view: SignInNeededView): AdaptiveCardJson {
  const url = view.signInUrl === undefined ? undefined : safeCardUrl(view.signInUrl);
  const permissions = view.permissions ?? [];
  return expandCardTemplate('sign-in-needed', {
    reason: escapeCardText(view.reason),
    hasPermissions: permissions.length > 0,
    permissions: permissions.slice(0, 10).map((p) => ({ text: `• ${escapeCardLine(p, 160)}` })),
    hasUrl: url !== undefined,
    signInUrl: url ?? '',
    actionData: view.jobId === undefined ? { cardToken: view.cardToken } : { cardToken: view.cardToken, jobId: view.jobId },
  });
}
