// Prints the one-line JSON to paste into the Agents Playground's "Mock an Activity → Custom activity" so the bot
// receives a sample CSV as a Teams file attachment:  npm run -s sample-activity -- restore-users.csv
// or a message from another Playground user:        npm run -s sample-activity -- --as LeeG --text "restore Adele Vance" 
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PLAYGROUND_IDS, PLAYGROUND_PEOPLE, playgroundUser } from '../tools/local-stack/playground-config';
import { activityTemplateSchema, sampleActivity } from '../tools/local-stack/sample-activity';

const samplesDir = join(__dirname, '..', 'samples');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      text: { type: 'string' },
      as: { type: 'string' },
    },
  });
  const samples = readdirSync(samplesDir).filter((name) => name.endsWith('.csv')).sort();
  const [name] = positionals;
  const usage =
    'Usage: npm run -s sample-activity -- <sample.csv> [--text "add members to Sales and Marketing"] [--as LeeG]\n' +
    '       npm run -s sample-activity -- --as LeeG --text "restore Adele Vance"     (a message from another user)\n' +
    `Samples: ${samples.join(', ')}`;
  if (!name && values.text === undefined) fail(usage);
  if (name && (!existsSync(join(samplesDir, name)) || !samples.includes(name))) fail(`No sample '${name}'.\n${usage}`);

  const everyone = [PLAYGROUND_PEOPLE.currentUser, ...PLAYGROUND_PEOPLE.users].map(playgroundUser);
  const wanted = values.as?.toLowerCase();
  const from = wanted === undefined ? undefined : everyone.find((u) => u.userPrincipleName.toLowerCase().startsWith(wanted) || u.name.toLowerCase() === wanted);
  if (wanted !== undefined && !from) fail(`--as must be one of the Playground's users: ${everyone.map((u) => u.userPrincipleName.split('@')[0]).join(', ')}`);

  const botPort = process.env.BOT_PORT?.trim() || '3978';
  const playgroundPort = process.env.PLAYGROUND_PORT?.trim() || '56150';
  // Teams delivers files to bots only in personal chats, so the activity always goes there.
  const conversationId = PLAYGROUND_IDS.personalChat;
  const templateUrl = `http://127.0.0.1:${playgroundPort}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`;
  let body: unknown;
  try {
    const response = await fetch(templateUrl);
    body = await response.json();
  } catch {
    fail(`The Agents Playground does not answer on port ${playgroundPort}. Start the stack first (npm start), or set PLAYGROUND_PORT.`);
  }
  const template = activityTemplateSchema.safeParse(body);
  if (!template.success) fail(`The Playground answered ${templateUrl} with something unexpected: ${JSON.stringify(body).slice(0, 200)}`);
  const activity = sampleActivity({
    template: template.data,
    ...(name ? { file: { downloadUrl: `http://127.0.0.1:${botPort}/samples/${name}`, name } } : {}),
    text: values.text ?? '',
    ...(from ? { from } : {}),
  });
  console.log(JSON.stringify(activity));
  if (process.stdout.isTTY) console.error('\nPaste the line above into the Playground: Mock an Activity → Custom activity, then Send activity.');
}

void main();
