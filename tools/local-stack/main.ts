import { join } from 'node:path';
import { LocalStackError } from './local-stack-error';
import { readableLogLine } from './log-line';
import { portSetting } from './ports';
import { startLocalStack } from './start-local-stack';
import type { LocalStack, LocalStackPorts } from './start-local-stack';

/** `npm start`: the whole product on loopback, with a demo tenant instead of yours, in the Agents Playground. */

const root = join(__dirname, '../..');

// Azurite's own 10000-10002 are left to a separately running Azurite (e.g. the VS Code extension).
const DEFAULT_PORTS: Required<LocalStackPorts> = { bot: 3978, sandbox: 5380, playground: 56150, azurite: 10010 };
const SETTINGS: Record<keyof LocalStackPorts, string> = { bot: 'BOT_PORT', sandbox: 'SANDBOX_PORT', playground: 'PLAYGROUND_PORT', azurite: 'AZURITE_PORT' };

function fail(message: string): never {
  console.error(`\nCannot start the local stack: ${message}`);
  process.exit(1);
}

function portsFromEnv(): Required<LocalStackPorts> {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(SETTINGS) as (keyof LocalStackPorts)[]) {
    const setting = portSetting(process.env, SETTINGS[key]);
    if (!setting.ok) fail(setting.message);
    if (setting.port !== undefined) ports[key] = setting.port;
  }
  return ports;
}

function banner(stack: LocalStack, ports: Required<LocalStackPorts>, dataDir: string): string {
  const env = ports.bot === DEFAULT_PORTS.bot && ports.playground === DEFAULT_PORTS.playground ? '' : `BOT_PORT=${ports.bot} PLAYGROUND_PORT=${ports.playground} `;
  return `
Entra Bulk Admin is running locally (everything on 127.0.0.1; Ctrl+C stops it all).

  Open the Agents Playground:  ${stack.playgroundUrl ?? '(not started)'}

  You chat as Alex Wilber (User Administrator) in the Contoso demo tenant. Try, in Personal Chat:
    restore Adele Vance        a confirm card, then progress and the result
    restore Megan Bowen        two deleted Megans: choose one
    deleted users              the recycle bin
    download users             an export with a file to download
    help                       everything else
  In the group chat "Contoso identity admins", mention the bot: @Entra Bulk Admin restore Project Falcon

  Send a sample CSV (the Playground has no upload button): run
    ${env}npm run -s sample-activity -- restore-users.csv
  and paste its one line into Mock an Activity → Custom activity → Send activity. Samples: samples/*.csv
  Speak as another user the same way, e.g. Lee Gu (Helpdesk Administrator, who may not restore):
    ${env}npm run -s sample-activity -- --as LeeG --text "restore Adele Vance"

  bot            ${stack.botEndpoint}
  Graph sandbox  ${stack.sandbox.graphBaseUrl}   (state: ${stack.sandbox.url}/_sandbox/state, audit: ${stack.sandbox.url}/_sandbox/audit)
  job storage    Azurite on ports ${stack.azurite.ports.blob}, ${stack.azurite.ports.queue} and ${stack.azurite.ports.table}, data kept between runs in ${dataDir}/azurite
  Playground     config ${stack.playgroundConfigPath ?? '-'}, log ${stack.playgroundLogFile ?? '-'}
`;
}

async function main(): Promise<void> {
  const ports = portsFromEnv();
  let stack: LocalStack | undefined;
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the local stack…');
    await stack?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const dataDir = process.env.LOCAL_STACK_DIR?.trim() || join(root, '.local');
  console.log('Starting the local stack:');
  try {
    stack = await startLocalStack({
      dataDir,
      ports,
      botLogLevel: process.env.LOG_LEVEL ?? 'warn',
      onStep: (step) => console.log(`  - ${step}`),
      onLine: (source, line) => console.log(`${source === 'bot' ? 'bot       ' : 'playground'} | ${readableLogLine(line)}`),
    });
  } catch (error) {
    if (stopping) return;
    fail(error instanceof LocalStackError || error instanceof Error ? error.message : String(error));
  }
  if (stopping) {
    await stack.stop();
    return;
  }
  console.log(banner(stack, ports, dataDir));
  const broken = await stack.failed;
  if (!stopping) {
    console.error(`\n${broken} stopped unexpectedly; stopping the rest.`);
    await stop(1);
  }
}

void main();
