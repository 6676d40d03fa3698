import { ConfigurationServiceClientCredentialFactory, MemoryStorage } from 'botbuilder';
import type { Request as BotRequest, Response as BotResponse, TurnContext } from 'botbuilder';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnState } from '@microsoft/teams-ai';
import type { Request, Response } from 'restify';
import type { AppConfig } from '../config';
import type { Logger } from '../logging/logger';
import { helpText } from './help-text';

export interface Bot {
  handle(req: Request, res: Response): Promise<void>;
}

/** Bot Framework credentials: none in local mode, single-tenant in production. */
function createAdapter(config: AppConfig): TeamsAdapter {
  const credentials = config.localMode
    ? new ConfigurationServiceClientCredentialFactory({})
    : new ConfigurationServiceClientCredentialFactory({
        MicrosoftAppId: config.bot.id,
        MicrosoftAppPassword: config.bot.password,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: config.bot.tenantId,
      });
  return new TeamsAdapter({}, credentials);
}

export function createBot(config: AppConfig, logger: Logger): Bot {
  const adapter = createAdapter(config);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error({ err: error, activityType: context.activity.type }, 'turn failed');
    await context.sendActivity('Something went wrong on my side. Nothing was changed; please try again.');
  };
  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot.id,
    storage: new MemoryStorage(),
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  app.message(/^\s*help\s*[.!?]?\s*$/i, async (context) => {
    await context.sendActivity(helpText());
  });
  app.activity('message', async (context) => {
    await context.sendActivity("I didn't understand that. Type **help** to see what I can do.");
  });

  return {
    async handle(req, res) {
      // restify's req/res satisfy botbuilder's minimal Request/Response shapes; only the declared types differ.
      await adapter.process(req as unknown as BotRequest, res as unknown as BotResponse, async (context) => {
        await app.run(context);
      });
    },
  };
}
