import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Bot } from '../../../src/bot/create-bot';

export interface BotHttp {
  url: string;
  close(): Promise<void>;
}

/** Only `/api/messages` on loopback, port 0: bot tests that need no other route of the app server. */
export async function startBotHttp(bot: Bot): Promise<BotHttp> {
  const server = restify.createServer({ name: 'bot-test', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await bot.handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
