import type { TurnContext } from 'botbuilder';
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

/**
 * Wraps the bot's turn logic (after the adapter has authenticated the activity): an activity from another tenant is
 * not run. An invoke is answered 403; nothing is sent to another tenant's conversation.
 */
export function refuseOtherTenants(
  config: Pick<AppConfig, 'localMode' | 'bot'>,
  logger: Logger,
  run: (context: TurnContext) => Promise<void>,
): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const tenantId = activityTenantId(context.activity);
    if (isAllowedTenant(config, tenantId)) {
      await run(context);
      return;
    }
    logger.warn({ tenantId: tenantId ?? null, activityType: context.activity.type }, 'refused an activity from another tenant');
    if (context.activity.type === 'invoke') {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 403, body: { error: 'This bot serves one organization only.' } } });
    }
  };
}
