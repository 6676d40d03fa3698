import type { Activity, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from '../logging/logger';
import type { JsonBody } from '../net/read-json-body';
import { checkInboundActivity, isJsonObject, missingFieldsMessage } from './inbound-activity';

/** The HTTP answer to one POST of an activity. */
export interface ActivityAnswer {
  status: number;
  body?: unknown;
}

export interface ActivityRequest {
  body: Exclude<JsonBody, { kind: 'too-large' }>;
  /** The Authorization header, or '' when there is none. */
  authorization: string;
}

export const UNAUTHENTICATED_MESSAGE = 'This endpoint accepts only activities from the Bot Framework with a valid token for this bot.';
export const NOT_AN_OBJECT_MESSAGE = 'The request body must be one Bot Framework activity: a JSON object.';
export const UNSUPPORTED_MEDIA_MESSAGE = 'Send the activity as JSON (content-type: application/json), uncompressed or gzip-compressed.';

/**
 * CloudAdapter.process authenticates, but answers a malformed activity with 500 and the JavaScript error as the body.
 * Splitting it lets the endpoint authenticate first, then check the activity's shape, then run the turn.
 */
export class ActivityAdapter extends TeamsAdapter {
  authenticate(activity: Partial<Activity>, authorization: string) {
    return this.botFrameworkAuthentication.authenticateRequest(activity as Activity, authorization);
  }

  runTurn(authenticated: Awaited<ReturnType<ActivityAdapter['authenticate']>>, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authenticated, activity, logic);
  }
}

/**
 * Authentication first (outside local mode an unauthenticated caller learns nothing about its request), then the
 * body, then the activity's shape. Unexpected errors are thrown to the caller, which hides them behind a reference.
 */
export async function answerActivityRequest(
  adapter: ActivityAdapter,
  logger: Logger,
  request: ActivityRequest,
  logic: (context: TurnContext) => Promise<void>,
): Promise<ActivityAnswer> {
  const candidate = request.body.kind === 'json' && isJsonObject(request.body.value) ? request.body.value : {};
  let authenticated: Awaited<ReturnType<ActivityAdapter['authenticate']>>;
  try {
    authenticated = await adapter.authenticate(candidate, request.authorization);
  } catch (error) {
    // botframework-connector throws its AuthenticationError, or the JWT library's own errors for a bad signature.
    logger.warn({ err: error }, 'refused an activity without a valid Bot Framework token');
    return { status: 401, body: { error: UNAUTHENTICATED_MESSAGE } };
  }
  if (request.body.kind === 'unsupported-media') return { status: 415, body: { error: UNSUPPORTED_MEDIA_MESSAGE } };
  if (request.body.kind !== 'json' || !isJsonObject(request.body.value)) {
    logger.warn({ bodyKind: request.body.kind }, 'refused a request body that is not a JSON object');
    return { status: 400, body: { error: NOT_AN_OBJECT_MESSAGE } };
  }
  const checked = checkInboundActivity(request.body.value);
  if (!checked.ok) {
    logger.warn({ missing: checked.missing, activityType: typeof candidate.type === 'string' ? candidate.type : null }, 'refused a malformed activity');
    return { status: 400, body: { error: missingFieldsMessage(checked.missing) } };
  }
  const invokeResponse = await adapter.runTurn(authenticated, checked.activity as unknown as Activity, logic);
  return invokeResponse ? { status: invokeResponse.status, body: invokeResponse.body } : { status: 200 };
}
