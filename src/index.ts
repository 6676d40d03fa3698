import { DefaultAzureCredential } from '@azure/identity';
import { loadConfig } from './config';
import type { AppConfig } from './config';
import { createLogger } from './logging/logger';
import type { BotUser } from './bot/bot-deps';
import { conversationStorage, createBot, createBotFrameworkAdapter } from './bot/create-bot';
import { languageModelReader } from './bot/language-model/planner-interpreter';
import { TeamsTokenBroker, savedConversationsIn } from './bot/teams-token-broker';
import { createJobRunner, fileDeliveryFor, sandboxTokenProviders } from './compose-bot';
import { createJobPlaces, createJobStore, createSharedRecords, createWriteBudget } from './jobs/create-job-store';
import type { JobStoreSettings } from './jobs/create-job-store';
import { useJobDataKey } from './jobs/row-secrets';
import { ServerStartError, startServer } from './server';

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(['Entra Bulk Admin cannot start; fix these settings:', ...loaded.errors.map((e) => `  - ${e}`)].join('\n'));
    process.exit(1);
  }
  const { config } = loaded;
  // Initial passwords in create-users job rows are sealed with this key, so a restarted bot can still open them.
  if (config.jobDataKey) useJobDataKey(config.jobDataKey, config.previousJobDataKeys);
  const logger = createLogger({ level: config.logLevel });
  const storeSettings = jobStoreSettingsFor(config);
  const store = await createJobStore(storeSettings);
  const jobPlaces = await createJobPlaces(storeSettings, store);
  // With several instances on one storage account, limits and each tenant's Graph write budget are shared through it.
  const writeBudget = await createWriteBudget(storeSettings, config.graphRateScale);
  const records = await createSharedRecords(storeSettings);
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const filesBaseUrl = config.localMode ? `http://${hostForUrl}:${config.port}` : undefined;
  const graphBaseUrl = config.graphBaseUrl;
  const adapter = createBotFrameworkAdapter(config);
  // Whose token a job runs with: the Teams sign-in (Azure Bot OAuth connection), or the sandbox user of the same id.
  // Each admin's latest conversation is saved too, so a job taken over by another instance can still get their token.
  const savedConversations = records ? savedConversationsIn(records) : undefined;
  const signIn =
    config.authMode === 'teams'
      ? new TeamsTokenBroker(adapter, config.bot.id, config.oauthConnectionName, Date.now, savedConversations, (error) =>
          logger.warn({ err: error }, 'could not save the conversation reference'),
        )
      : undefined;
  const tokenProviderFor = signIn ? (user: BotUser) => signIn.providerFor(user) : sandboxTokenProviders(config, graphBaseUrl);
  const runner = createJobRunner(logger, { store, graphBaseUrl, tokenProviderFor, rateScale: config.graphRateScale, ...(writeBudget ? { writeBudget } : {}) });
  const fileDelivery = fileDeliveryFor(config, store, filesBaseUrl);
  const storage = conversationStorage(config);
  // Messages the grammar can't read go to the language model only when AZURE_OPENAI_* or OPENAI_* are set.
  const languageModel = languageModelReader(config.languageModel, logger);
  const bot = createBot(
    config,
    logger,
    { store, jobPlaces, graphBaseUrl, tokenProviderFor, runner, fileDelivery, ...(records ? { onceMarks: records } : {}), ...(filesBaseUrl ? { filesBaseUrl } : {}), ...(languageModel ? { languageModel } : {}) },
    { adapter, ...(signIn ? { signIn } : {}), ...(storage ? { storage } : {}) },
  );
  let server;
  try {
    server = await startServer(config, bot, logger);
  } catch (error) {
    if (error instanceof ServerStartError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  bot.runner.start();
  logger.info(
    {
      url: `${server.url}/api/messages`,
      authMode: config.authMode,
      graph: config.graphBaseUrl,
      storage: config.storage.kind,
      languageModel: config.languageModel?.provider ?? 'off',
    },
    `Entra Bulk Admin listening on ${server.url}`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(0), 10_000);
    timer.unref();
    void Promise.allSettled([bot.close(), server.close()]).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function jobStoreSettingsFor(config: AppConfig): JobStoreSettings {
  const storage = config.storage;
  if (storage.kind === 'memory') return { kind: 'memory' };
  if (storage.connectionString !== undefined) return { kind: 'connection-string', connectionString: storage.connectionString };
  const accountName = new URL(storage.accountUrl).hostname.split('.')[0] ?? '';
  return { kind: 'managed-identity', accountName, credential: new DefaultAzureCredential() };
}

void main();
