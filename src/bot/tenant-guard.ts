import type { AppConfig } from '../config';
import type { Logger } from '../logging/logger';

/** The tenant Teams says the activity comes from: `channelData.tenant.id`, else `conversation.tenantId`. */
export function activityTenantId(activity: { channelData?: unknown; conversation?: { tenantId?: string } }): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannel = channelData?.tenant?.id;
  if (typeof fromChannel === 'string' && fromChannel !== '') return fromChannel;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation !== '' ? fromConversation : undefined;
}

/** A single-tenant bot serves BOT_TENANT_ID only; local mode has no tenant to hold to. */
export function isAllowedTenant(config: Pick<AppConfig, 'localMode' | 'bot'>, tenantId: string | undefined): boolean {
  if (config.localMode) return true;
  const expected = config.bot.tenantId;
  return expected !== undefined && tenantId !== undefined && tenantId.toLowerCase() === expected.toLowerCase();
}

/** The part of a channel turn the guard reads and answers through (botbuilder's TurnContext has it). */
export interface GuardedTurn {
  activity: { type: string; channelData?: unknown; conversation?: { tenantId?: string } };
  sendActivity(activity: { type: 'invokeResponse'; value: { status: number; body: { error: string } } }): Promise<unknown>;
}

/**
 * Wraps the bot's turn logic (after the adapter has authenticated the activity): an activity from another tenant is
 * not run. An invoke is answered 403; nothing is sent to another tenant's conversation.
 */
export function refuseOtherTenants<Turn extends GuardedTurn>(
  config: Pick<AppConfig, 'localMode' | 'bot'>,
  logger: Logger,
  run: (turn: Turn) => Promise<void>,
): (turn: Turn) => Promise<void> {
  return async (turn) => {
    const tenantId = activityTenantId(turn.activity);
    if (isAllowedTenant(config, tenantId)) {
      await run(turn);
      return;
    }
    logger.warn({ tenantId: tenantId ?? null, activityType: turn.activity.type }, 'refused an activity from another tenant');
    if (turn.activity.type === 'invoke') {
      await turn.sendActivity({ type: 'invokeResponse', value: { status: 403, body: { error: 'This bot serves one organization only.' } } });
    }
  };
}
