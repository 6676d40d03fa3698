import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { Bot } from '../../../src/bot/create-bot';
import { messagesRoute } from '../../../src/server';
import { silent } from './bot-harness';

export interface BotHttp {
  url: string;
  close(): Promise<void>;
}

/** Only `/api/messages` on loopback, port 0: bot tests that need no other route of the app server. */
export async function startBotHttp(bot: Bot): Promise<BotHttp> {
  const server = restify.createServer({ name: 'bot-test', handleUncaughtExceptions: false });
  server.post('/api/messages', messagesRoute(bot, silent));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
