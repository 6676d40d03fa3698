import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startLocalStack } from '../../../tools/local-stack/start-local-stack';
import type { LocalStack } from '../../../tools/local-stack/start-local-stack';
import { PLAYGROUND_IDS, playgroundUser } from '../../../tools/local-stack/playground-config';
import type { ContosoPerson } from '../../../src/sandbox';
import { CONTOSO_PEOPLE } from '../../../src/sandbox';
import { activityTemplateSchema, sampleActivity } from '../../../tools/local-stack/sample-activity';

export const ARTIFACTS_DIR = join(__dirname, '../../../test-artifacts/e2e');
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
/** Waits on visible text are generous: other tests share the two cores. */
export const UI_TIMEOUT_MS = 45_000;

export interface PlaygroundSession {
  stack: LocalStack;
  context: BrowserContext;
  page: Page;
  playgroundUrl: string;
  /** Every websocket frame the Playground pushed to the page: its log entries carry each activity's full body. */
  frames: string[];
  close(): Promise<void>;
}

export function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new Error('The end-to-end tests need Debian\'s chromium: run `apt-get install -y chromium` (npm test does it when run as root).');
  return found;
}

/** The whole local stack on free ports with a throw-away data folder, and headless Chromium on the Playground. */
export async function startPlaygroundSession(): Promise<PlaygroundSession> {
  const dataDir = mkdtempSync(join(tmpdir(), 'entra-e2e-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'entra-e2e-chromium-'));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const stack = await startLocalStack({ dataDir, botLogLevel: 'warn', onLine: (source, line) => console.log(`[${source}] ${line}`) });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    const frames: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => frames.push(String(frame.payload))));
    const playgroundUrl = stack.playgroundUrl ?? '';
    await page.goto(playgroundUrl, { waitUntil: 'networkidle' });
    const opened = context;
    return {
      stack,
      context: opened,
      page,
      playgroundUrl,
      frames,
      async close() {
        await opened.close().catch(() => undefined);
        await stack.stop();
        rmSync(userDataDir, { recursive: true, force: true });
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await stack.stop();
    throw error;
  }
}

export async function snap(page: Page, flow: string, step: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${flow}-${step}.png`) });
}

export async function openChat(page: Page, name: string): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
}

/** Types into the message box and sends, as the Playground's current user (Alex Wilber). */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.click();
  await box.fill(text);
  await page.getByRole('button', { name: 'Send Message' }).click();
}

/** In group chats a message reaches the bot only when it @mentions it, picked from the mention menu. */
export async function sayWithMention(page: Page, botName: string, text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.click();
  await box.pressSequentially(`@${botName.slice(0, 5)}`);
  await page.getByRole('menuitem', { name: botName }).click();
  await box.pressSequentially(` ${text}`);
  await page.getByRole('button', { name: 'Send Message' }).click();
}

/** The last rendered Adaptive Card that contains `text`. */
export function cardWith(page: Page, text: string | RegExp): Locator {
  return page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
}

export async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return locator;
}

/** Pastes one-line JSON into "Mock an Activity → Custom activity" and sends it, as a person following the README does. */
export async function sendCustomActivityThroughUi(page: Page, activity: unknown): Promise<void> {
  await page.getByText('Mock an Activity', { exact: true }).click();
  await page.getByRole('menuitem', { name: 'Custom activity' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('.monaco-editor').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify(activity));
  await dialog.getByRole('button', { name: 'Send activity' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

export async function activityTemplate(session: PlaygroundSession, conversationId: string): Promise<ReturnType<typeof activityTemplateSchema.parse>> {
  const response = await fetch(`${session.playgroundUrl}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`);
  return activityTemplateSchema.parse(await response.json());
}

/** The sample CSV as a Teams file attachment, built the way scripts/sample-activity.ts builds it. */
export async function sampleFileActivity(session: PlaygroundSession, fileName: string, from?: ContosoPerson): Promise<Record<string, unknown>> {
  return sampleActivity({
    template: await activityTemplate(session, PLAYGROUND_IDS.personalChat),
    file: { downloadUrl: `${session.stack.botUrl}/samples/${fileName}`, name: fileName },
    ...(from ? { from: playgroundUser(from) } : {}),
  });
}

/** A message from another member of the conversation, sent through the Playground's custom-activity endpoint. */
export async function sendAs(session: PlaygroundSession, person: ContosoPerson, conversationId: string, text: string): Promise<void> {
  const template = await activityTemplate(session, conversationId);
  const user = playgroundUser(person);
  const activity = { ...template, type: 'message', text, from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId } };
  const response = await fetch(`${session.playgroundUrl}/_internal/v1/customActivities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (!response.ok) throw new Error(`The Playground refused the custom activity: HTTP ${response.status}`);
}

/** What the Playground logged about one activity the bot sent: its id in the Playground and its body. */
export interface LoggedBotMessage {
  id: string;
  conversationId: string;
  body: { text?: string; attachments?: { content?: unknown }[] };
}

/**
 * Every message the bot posted, with the id the Playground gave it. The Playground writes activities to its log file
 * only while no page is connected, and pushes the same log entries to the connected page, so both are read.
 */
export function botMessages(session: PlaygroundSession): LoggedBotMessage[] {
  const logFile = session.stack.playgroundLogFile;
  const fileLines = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n') : [];
  const messages = new Map<string, LoggedBotMessage>();
  for (const line of [...fileLines, ...session.frames]) {
    const start = line.indexOf('{"logAction"');
    if (start < 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(start));
    } catch {
      continue;
    }
    const log = (parsed as { log?: { from?: string; activityName?: string; conversationId?: string; request?: { body?: unknown }; response?: { body?: { id?: unknown } } } }).log;
    const id = log?.response?.body?.id;
    if (log?.from !== 'User Application' || log.activityName !== 'message' || typeof id !== 'string') continue;
    messages.set(id, { id, conversationId: log.conversationId ?? '', body: (log.request?.body ?? {}) as LoggedBotMessage['body'] });
  }
  return [...messages.values()];
}

/** "Job 7KQ2AB" from a job card's eyebrow: it names one job across its confirm, progress and result cards. */
export async function jobLabelOf(card: Locator): Promise<string> {
  const label = /Job ([0-9A-Z]{4,})/.exec(await card.innerText())?.[1];
  if (!label) throw new Error(`No job label on this card: ${await card.innerText()}`);
  return label;
}

/** The job's card once it shows the final result (the progress card, updated in place, says Running until then). */
export function finishedJobCard(page: Page, label: string): Locator {
  return page.locator('.ac-adaptiveCard').filter({ hasText: `Job ${label}` }).filter({ hasText: 'Succeeded' }).filter({ hasNotText: /Running|Queued|Remaining/ });
}

/** Sends an Action.Execute invoke as `from`, the way the Playground's UI does, and returns the bot's invoke response. */
export async function invokeAs(
  session: PlaygroundSession,
  from: ContosoPerson,
  conversationId: string,
  replyToId: string,
  verb: string,
  data: Record<string, unknown>,
): Promise<unknown> {
  const user = playgroundUser(from);
  const response = await fetch(`${session.playgroundUrl}/_conversation/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      conversation: { id: conversationId },
      replyToId,
    }),
  });
  if (!response.ok) throw new Error(`The Playground refused the invoke: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

export const PEOPLE = CONTOSO_PEOPLE;
