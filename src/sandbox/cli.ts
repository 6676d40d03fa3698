import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startSandbox } from './index';

const argsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(5_000),
  seed: z.coerce.number().int().default(1),
  users: z.coerce.number().int().min(0).optional(),
  deleted: z.coerce.number().int().min(0).optional(),
  'tenant-size': z.enum(['S', 'M', 'L']).optional(),
  latency: z.enum(['none', 'realistic']).default('none'),
  'time-scale': z.coerce.number().positive().default(1),
  'shuffle-batch': z.boolean().optional(),
  'no-throttling': z.boolean().optional(),
  'token-lifetime': z.coerce.number().int().positive().optional(),
});

const USAGE = `Usage: npm run sandbox -- --port <p> [--seed <n>] [--users <n>] [--deleted <n>] [--tenant-size S|M|L]
       [--latency none|realistic] [--time-scale <k>] [--shuffle-batch] [--no-throttling] [--token-lifetime <s>]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      users: { type: 'string' },
      deleted: { type: 'string' },
      'tenant-size': { type: 'string' },
      latency: { type: 'string' },
      'time-scale': { type: 'string' },
      'shuffle-batch': { type: 'boolean' },
      'no-throttling': { type: 'boolean' },
      'token-lifetime': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const args = parsed.data;
  const sandbox = await startSandbox({
    port: args.port,
    seed: args.seed,
    users: args.users,
    deleted: args.deleted,
    tenant: args.users !== undefined || args.deleted !== undefined ? 'generated' : 'contoso',
    tenantSize: args['tenant-size'],
    latency: args.latency,
    timeScale: args['time-scale'],
    shuffleBatchResponses: args['shuffle-batch'],
    throttling: !args['no-throttling'],
    tokenLifetimeSeconds: args['token-lifetime'],
  });
  console.log(`Graph sandbox listening on ${sandbox.url}`);
  console.log(`Tenant ${sandbox.tenantId}; Graph base ${sandbox.graphBaseUrl}; tokens: POST ${sandbox.url}/_sandbox/token`);
  const shutdown = (): void => {
    sandbox.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
