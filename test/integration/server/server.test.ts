import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';
import type { AppConfig } from '../../../src/config';
import { composeBot } from '../../../src/compose-bot';
import { createLogger } from '../../../src/logging/logger';
import { ServerStartError, startServer } from '../../../src/server';
import type { RunningServer } from '../../../src/server';

const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

function config(env: Record<string, string>): AppConfig {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

describe('bot server in local mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const cfg = config({ PORT: '1', HOST: '127.0.0.1' });
    server = await startServer({ ...cfg, port: 0 }, composeBot(cfg, silent), silent);
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', mode: 'local', authMode: 'sandbox' });
  });

  it('answers help on /api/messages', async () => {
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'Help',
        channelId: 'msteams',
        from: { id: 'user-1' },
        recipient: { id: 'bot-1' },
        conversation: { id: 'conv-1' },
        serviceUrl: 'http://127.0.0.1:9/',
        deliveryMode: 'expectReplies',
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activities: { text?: string }[] };
    expect(body.activities[0]?.text).toContain('Entra Bulk Admin understands:');
    expect(body.activities[0]?.text).toContain('restore <name | UPN | mail | object id>');
  });
});

describe('loopback guard', () => {
  it.each(['0.0.0.0', '::', '192.168.1.10'])('refuses to bind %s in local mode', async (host) => {
    const cfg = { ...config({}), host, port: 0 };
    await expect(startServer(cfg, composeBot(cfg, silent), silent)).rejects.toThrow(ServerStartError);
    await expect(startServer(cfg, composeBot(cfg, silent), silent)).rejects.toThrow(
      `Refusing to listen on ${host}: with BOT_ID empty (local mode) the bot accepts unauthenticated requests`,
    );
  });

  it('reports a taken port clearly', async () => {
    const cfg = { ...config({}), port: 0 };
    const first = await startServer(cfg, composeBot(cfg, silent), silent);
    try {
      const second = { ...cfg, port: first.port };
      await expect(startServer(second, composeBot(second, silent), silent)).rejects.toThrow(
        `Port ${first.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await first.close();
    }
  });
});
