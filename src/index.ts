import { DefaultAzureCredential } from '@azure/identity';
import { loadConfig } from './config';
import type { AppConfig } from './config';
import { createLogger } from './logging/logger';
import type { BotUser } from './bot/bot-deps';
import { conversationStorage, createBot, createBotFrameworkAdapter } from './bot/create-bot';
import { languageModelReader } from './bot/language-model/planner-interpreter';
import { TeamsTokenBroker } from './bot/teams-token-broker';
import { createJobRunner, fileDeliveryFor, sandboxTokenProviders } from './compose-bot';
import { createJobStore } from './jobs/create-job-store';
import type { JobStore } from './jobs/job-store';
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
  const store = await jobStoreFor(config);
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const filesBaseUrl = config.localMode ? `http://${hostForUrl}:${config.port}` : undefined;
  const graphBaseUrl = config.graphBaseUrl;
  const adapter = createBotFrameworkAdapter(config);
  // Whose token a job runs with: the Teams sign-in (Azure Bot OAuth connection), or the sandbox user of the same id.
  const signIn = config.authMode === 'teams' ? new TeamsTokenBroker(adapter, config.bot.id, config.oauthConnectionName) : undefined;
  const tokenProviderFor = signIn ? (user: BotUser) => signIn.providerFor(user) : sandboxTokenProviders(config, graphBaseUrl);
  const runner = createJobRunner(logger, { store, graphBaseUrl, tokenProviderFor });
  const fileDelivery = fileDeliveryFor(config, store, filesBaseUrl);
  const storage = conversationStorage(config);
  // Messages the grammar can't read go to the language model only when AZURE_OPENAI_* or OPENAI_* are set.
  const languageModel = languageModelReader(config.languageModel, logger);
  const bot = createBot(
    config,
    logger,
    { store, graphBaseUrl, tokenProviderFor, runner, fileDelivery, ...(filesBaseUrl ? { filesBaseUrl } : {}), ...(languageModel ? { languageModel } : {}) },
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

function jobStoreFor(config: AppConfig): Promise<JobStore> {
  const storage = config.storage;
  if (storage.kind === 'memory') return createJobStore({ kind: 'memory' });
  if (storage.connectionString !== undefined) return createJobStore({ kind: 'connection-string', connectionString: storage.connectionString });
  const accountName = new URL(storage.accountUrl).hostname.split('.')[0] ?? '';
  return createJobStore({ kind: 'managed-identity', accountName, credential: new DefaultAzureCredential() });
}

void main();
