import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { buildErrorCard } from '../cards/build-error-card';
import type { GraphError } from '../graph/graph-error';

/** What the bot was reading when Graph answered. */
export type ReadSubject = 'recycle-bin' | 'directory';

/** Graph's 403: the admin lacks a role or permission. That is an answer to give calmly, not a failure. */
export function isPermissionRefusal(error: GraphError): boolean {
  return error.category === 'insufficient-privileges' || error.category === 'privileged-target';
}

/** `title` undefined: the caller's own title says what could not be read. */
const REFUSALS: Record<ReadSubject, { title?: string; message: string; suggestion: string }> = {
  'recycle-bin': {
    title: "You can't read the recycle bin with your current roles",
    message:
      'Reading the recycle bin needs an admin role such as User Administrator (deleted users), Groups Administrator ' +
      '(deleted groups) or Application Administrator (deleted apps), and Microsoft Graph refused it for your account.',
    suggestion: 'Ask for one of these roles (or activate it in Privileged Identity Management), then send the command again. Nothing was changed.',
  },
  directory: {
    message: 'Microsoft Graph refused to let your account read what this needs.',
    suggestion: 'Once you hold the role, send the command again. Nothing was changed.',
  },
};

function support(error: GraphError): { code: string; requestId?: string } {
  return { code: error.code, ...(error.requestId ? { requestId: error.requestId } : {}) };
}

/** A failed Graph read as a card: "Permission needed" naming the role for a 403, otherwise the failure and its reason. */
export function graphReadErrorCard(subject: ReadSubject, failureTitle: string, error: GraphError): AdaptiveCardJson {
  if (!isPermissionRefusal(error)) return buildErrorCard({ title: failureTitle, message: error.reason, ...support(error) });
  const refusal = REFUSALS[subject];
  return buildErrorCard({
    eyebrow: 'Permission needed',
    tone: 'refusal',
    title: refusal.title ?? failureTitle,
    message: subject === 'directory' ? `${refusal.message} ${error.reason}` : refusal.message,
    suggestion: refusal.suggestion,
    ...support(error),
  });
}
