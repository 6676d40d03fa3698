import { loadConfig } from './config';
import { createLogger } from './logging/logger';
import { createBot } from './bot/create-bot';
import { ServerStartError, startServer } from './server';

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    console.error(['Entra Bulk Admin cannot start; fix these settings:', ...loaded.errors.map((e) => `  - ${e}`)].join('\n'));
    process.exit(1);
  }
  const { config } = loaded;
  const logger = createLogger({ level: config.logLevel });
  const bot = createBot(config, logger);
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
  logger.info(
    { url: `${server.url}/api/messages`, authMode: config.authMode, graph: config.graphBaseUrl, storage: config.storage.kind },
    `Entra Bulk Admin listening on ${server.url}`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(0), 10_000);
    timer.unref();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
