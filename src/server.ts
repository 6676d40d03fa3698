import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import restify from 'restify';
import type { Request, Response, Server } from 'restify';
import type { AppConfig } from './config';
import type { Logger } from './logging/logger';
import { isLoopbackHost } from './net/loopback';
import { readJsonBody } from './net/read-json-body';
import type { Bot } from './bot/create-bot';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class ServerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerStartError';
  }
}

const SAMPLES_DIR = join(__dirname, '..', 'samples');
const SAMPLE_NAME = /^[a-z0-9][a-z0-9-]{0,80}\.csv$/;
const MAX_ACTIVITY_BYTES = 1024 * 1024;
const TOO_LARGE_MESSAGE = 'The request body is larger than 1 MB, the most an activity may have.';

/**
 * POST /api/messages. Every answer is a plain sentence: a malformed request is told what is wrong, and an unexpected
 * failure gets a reference to the log line that holds the detail, never the error text itself.
 */
export function messagesRoute(bot: Bot, logger: Logger): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    try {
      const body = await readJsonBody(req, MAX_ACTIVITY_BYTES);
      if (body.kind === 'too-large') {
        res.send(413, { error: TOO_LARGE_MESSAGE });
        return;
      }
      const answer = await bot.handle({ body, authorization: req.headers.authorization ?? '' });
      if (answer.body === undefined) {
        res.status(answer.status);
        res.end();
      } else {
        res.send(answer.status, answer.body);
      }
    } catch (error) {
      const correlationId = randomUUID();
      logger.error({ err: error, correlationId }, 'activity handling failed');
      if (!res.headersSent) res.send(500, { error: `The bot could not process this activity. Reference: ${correlationId}.`, correlationId });
    }
  };
}

export function createHttpServer(config: AppConfig, bot: Bot, logger: Logger): Server {
  const server = restify.createServer({ name: 'entra-bulk-admin', handleUncaughtExceptions: false });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok', mode: config.localMode ? 'local' : 'production', authMode: config.authMode });
    next();
  });

  // Results and export files by unguessable id, without authentication: local mode only (loopback-bound).
  if (config.localMode) {
    server.get('/files/:id/:name', async (req, res) => {
      const params = req.params as { id?: string; name?: string };
      const file = await bot.openFile(params.id ?? '', params.name ?? '');
      if (!file) {
        res.send(404, { error: 'No such file; it may have expired.' });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${params.name ?? 'file.csv'}"` });
      file.pipe(res);
    });

    // The Agents Playground has no upload button: a custom activity's attachment points here instead (README, "Quick start").
    server.get('/samples/:name', (req, res, next) => {
      const name = (req.params as { name?: string }).name ?? '';
      const path = join(SAMPLES_DIR, name);
      if (!SAMPLE_NAME.test(name) || !existsSync(path)) {
        res.send(404, { error: `No sample named '${name}'. The samples are the .csv files in the samples/ folder.` });
        next();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
      createReadStream(path).pipe(res).once('finish', () => next());
    });
  }

  server.post('/api/messages', messagesRoute(bot, logger));
  return server;
}

/**
 * Local mode accepts unauthenticated activities, so it must never be reachable from another machine.
 * Resolves once listening; rejects without binding anything when the address is not allowed.
 */
export async function startServer(config: AppConfig, bot: Bot, logger: Logger): Promise<RunningServer> {
  if (config.localMode && !isLoopbackHost(config.host)) {
    throw new ServerStartError(
      `Refusing to listen on ${config.host}: with BOT_ID empty (local mode) the bot accepts unauthenticated requests, ` +
        'so it only binds a loopback address. Set HOST=127.0.0.1, or set BOT_ID, BOT_PASSWORD and BOT_TENANT_ID for production.',
    );
  }
  const server = createHttpServer(config, bot, logger);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new ServerStartError(
          error.code === 'EADDRINUSE'
            ? `Port ${config.port} on ${config.host} is already in use. Stop the other process or set PORT to a free port.`
            : `Could not listen on ${config.host}:${config.port}: ${error.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(config.port, config.host, () => {
      server.removeListener('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = address.port;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.server.closeAllConnections?.();
      }),
  };
}
