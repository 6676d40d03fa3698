import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { truncate } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { escapeCardText } from '../../../src/cards/escape-card-text';
import { main } from '../../../src/cli';
import { CliError } from '../../../src/cli/exit-codes';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import type { CsvKind } from '../../../src/operations/csv-kinds';
import { actionData, cardOf, createHarness } from '../bot/bot-harness';
import { BAD_INPUT_CASES } from '../../fixtures/bad-input/cases';
import type { BadInputCase, ExpectedRowProblem } from '../../fixtures/bad-input/cases';
import { runCli } from '../../support/run-cli';

const root = join(__dirname, '../../..');
const FIXTURES = join(root, 'test/fixtures/bad-input');
const alex = CONTOSO_PEOPLE.alexWilber;

/** What the admin types with the attachment; group files also name a group, as the bot requires. */
const COMMAND: Record<CsvKind, string> = {
  restore: 'restore',
  invite: 'invite',
  'create-users': 'create users',
  'delete-users': 'delete users',
  'update-users': 'update users',
  'add-group-members': 'add members to Sales and Marketing',
  'remove-group-members': 'remove members from Sales and Marketing',
};

// Every password written in the corpus: none may come back in any output.
const PASSWORDS = ['Kx9!mQ2#vLp', 'Tr0ub4dor&3x', 'hunter2', 'Bo.Kelly-Pass1', 'Password1!'];

let sandbox: RunningSandbox;
let files: Server;
let filesUrl: string;
let tmp: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  tmp = mkdtempSync(join(tmpdir(), 'entra-bad-input-'));
  await generateLargeFiles();
  files = createServer((req, res) => {
    const [url = '', query] = (req.url ?? '').split('?');
    const path = pathOfUrl(url);
    if (!path) {
      res.writeHead(404).end();
      return;
    }
    // ?chunked: no Content-Length, so the bot only learns the size by reading.
    res.writeHead(200, { 'content-type': 'text/csv', ...(query === 'chunked' ? {} : { 'content-length': statSync(path).size }) });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});

afterAll(async () => {
  files.closeAllConnections();
  await new Promise<void>((resolve) => files.close(() => resolve()));
  await sandbox.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function pathOf(c: BadInputCase): string {
  return c.generate ? join(tmp, c.file) : join(FIXTURES, c.file);
}

function pathOfUrl(url: string): string | undefined {
  const c = BAD_INPUT_CASES.find((x) => `/${encodeURIComponent(x.file)}` === url);
  return c ? pathOf(c) : undefined;
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

async function generateLargeFiles(): Promise<void> {
  for (const c of BAD_INPUT_CASES) {
    if (c.generate === 'fifty-megabytes') {
      const row = `${CONTOSO_PEOPLE.adeleVanceDeleted.id}\r\n`;
      const rows = Math.ceil((50 * 1024 * 1024) / row.length);
      await writeLines(pathOf(c), (function* () {
        yield 'version:v1.0\r\nObject ID [objectId] Required\r\n';
        const block = row.repeat(10_000);
        for (let i = 0; i < rows; i += 10_000) yield block;
      })());
      await truncate(pathOf(c), 50 * 1024 * 1024);
    } else if (c.generate === 'six-hundred-thousand-rows') {
      await writeLines(pathOf(c), (function* () {
        yield 'version:v1.0\r\nUser name [userPrincipalName] Required\r\n';
        for (let i = 0; i < 600_000; i += 1000) {
          let block = '';
          for (let k = i; k < i + 1000; k++) block += `u${k}@contoso.com\r\n`;
          yield block;
        }
      })());
    }
  }
}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

/** `entra-bulk validate <kind> <file>` through the CLI's own entry point, as its bin reports a CliError. */
async function validateInProcess(kind: CsvKind, path: string): Promise<CliRun> {
  const out = collector();
  const err = collector();
  let code: number;
  try {
    code = await main(['validate', kind, path], { out: out.stream, err: err.stream, isInteractive: false });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    err.stream.write(`${error.message}\n`);
    code = error.exitCode;
  }
  return { code, stdout: out.text(), stderr: err.text() };
}

/** The real binary, in a child process whose heap is capped: a huge file must be refused within it. */
async function validateAsChild(kind: CsvKind, path: string, maxHeapMb: number): Promise<CliRun> {
  const run = await runCli(['validate', kind, path], { cwd: tmp, env: { NODE_OPTIONS: `--max-old-space-size=${maxHeapMb}` } });
  return { ...run, code: run.code ?? -1 };
}

function attachmentOf(c: BadInputCase, query = ''): Partial<Activity> {
  return {
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name: c.file,
        content: { downloadUrl: `${filesUrl}/${encodeURIComponent(c.file)}${query}`, fileType: 'csv' },
      },
    ],
  };
}

/** Writes the sandbox received (it audits every non-GET request), read through its control API. */
async function sandboxWrites(): Promise<{ method: string; path: string }[]> {
  const response = await fetch(`${sandbox.url}/_sandbox/audit?since=0`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { entries: { method: string; path: string }[] }).entries;
}

/** TextBlock text is markdown-escaped (`\*`, `\[` …); the messages themselves contain no backslashes. */
function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** What an element shows: a TextBlock's text unescaped, or a RichTextBlock's runs (plain text) joined. */
function shownText(item: { type?: unknown; text?: unknown; inlines?: { text?: unknown }[] }): string {
  if (item.type === 'RichTextBlock') return (item.inlines ?? []).map((run) => String(run.text)).join('');
  return unescape(String(item.text));
}

function where(p: { line: number; column?: string | undefined }): string {
  return p.column ? `line ${p.line}, ${p.column}` : `line ${p.line}`;
}

/** The validation summary card's problem rows: "Line N" beside the column label and the message. */
function cardProblems(card: unknown): ExpectedRowProblem[] {
  const found: ExpectedRowProblem[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as { type?: unknown; columns?: { items?: { type?: unknown; text?: unknown; inlines?: { text?: unknown }[] }[] }[] };
    const [left, right] = record.columns ?? [];
    const lineText = left?.items?.[0]?.text;
    if (record.type === 'ColumnSet' && typeof lineText === 'string' && /^Line [\d,]+$/.test(lineText)) {
      const texts = (right?.items ?? []).map(shownText);
      const line = Number(lineText.slice(5).replace(/,/g, ''));
      found.push(texts.length > 1 ? { line, column: texts[0], text: texts[1] ?? '' } : { line, text: texts[0] ?? '' });
      return;
    }
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

function allStrings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(allStrings);
  if (node && typeof node === 'object') return Object.values(node).flatMap(allStrings);
  return [];
}

describe('the bad-input corpus', () => {
  it('has at least 40 files, each with an expectation, every file in the folder is a case, and the table lists them all', () => {
    const committed = BAD_INPUT_CASES.filter((c) => !c.generate);
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_INPUT_CASES.map((c) => c.file)).size).toBe(BAD_INPUT_CASES.length);
    for (const c of committed) expect(statSync(pathOf(c)).isFile()).toBe(true);
    const inFolder = readdirSync(FIXTURES).filter((f) => f.endsWith('.csv'));
    expect(inFolder.sort()).toEqual(committed.map((c) => c.file).sort());
    const table = readFileSync(join(FIXTURES, 'README.md'), 'utf8');
    for (const c of BAD_INPUT_CASES) expect(table).toContain(`| \`${c.file}\` | ${c.kind} |`);
  });

  it.each(BAD_INPUT_CASES.map((c) => [c.file, c] as const))('%s: the CLI and the bot say the same thing, and nothing runs', async (_name, c) => {
    const cli = await validateInProcess(c.kind, pathOf(c));
    const bot = createHarness(sandbox);
    const replies = await bot.say(alex, COMMAND[c.kind], attachmentOf(c));
    expect(replies.length).toBeGreaterThan(0);
    const jobs = await bot.store.listJobs({ initiatorId: alex.id });
    const everything = [cli.stdout, cli.stderr, JSON.stringify(replies)].join('\n');
    for (const password of PASSWORDS) expect(everything).not.toContain(password);

    const { expect: want } = c;
    if (want.outcome === 'refused') {
      expect(cli).toEqual({ code: 1, stdout: '', stderr: `${pathOf(c)}: ${want.message}\n` });
      expect(replies.map((r) => r.text)).toEqual([escapeCardText(`I can't use "${c.file}": ${want.message}`)]);
      expect(jobs).toHaveLength(0);
    } else if (want.outcome === 'rows-refused') {
      const cliLines = cli.stdout.trimEnd().split('\n');
      expect(cli.code).toBe(1);
      expect(cliLines[0]).toMatch(new RegExp(`^${want.ready} of ${want.rows} rows? ready, \\d+ with errors`));
      expect(cliLines.slice(1, 1 + want.problems.length)).toEqual(want.problems.map((p) => `${where(p)}: ${p.text}`));
      const shown = cardProblems(cardOf(replies[0]));
      expect(shown).toEqual(want.problems.slice(0, 10));
      // Straight from one output to the other: each line the card shows is a line the CLI printed.
      for (const p of shown) expect(cliLines).toContain(`${where(p)}: ${p.text}`);
      expect(jobs).toHaveLength(0);
    } else {
      const cliLines = cli.stdout.trimEnd().split('\n');
      expect(cli.code).toBe(0);
      expect(cliLines[0]).toMatch(new RegExp(`^${want.ready} of ${want.rows} rows? ready[,.]`));
      expect(cliLines.slice(1)).toEqual(want.notes);
      const card = cardOf(replies[0]);
      expect(actionData(card, 'confirm-job')?.jobId).toBeTruthy();
      const texts = allStrings(card).map(unescape);
      for (const note of want.notes) expect(texts.some((t) => t.includes(note))).toBe(true);
      // Offered for approval only: a job waits for the admin's click.
      expect(jobs.map((j) => [j.state, j.counters.total])).toEqual([['awaiting-approval', want.ready]]);
    }
    expect(await sandboxWrites()).toEqual([]);
  });
});

describe('the size limit without a declared size', () => {
  it('stops reading a 50 MB download at the limit and says so in the same words', async () => {
    const c = BAD_INPUT_CASES.find((x) => x.generate === 'fifty-megabytes');
    if (!c) throw new Error('the 50 MB case is missing from the corpus');
    const bot = createHarness(sandbox);
    const replies = await bot.say(alex, COMMAND[c.kind], attachmentOf(c, '?chunked'));
    expect(replies.map((r) => r.text)).toEqual([
      escapeCardText(`I can't use "${c.file}": The file is larger than the 20 MB limit. Split it into files of at most 50,000 rows and send them one at a time.`),
    ]);
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(0);
    expect(await sandboxWrites()).toEqual([]);
  });
});

describe('the real binary', () => {
  it('refuses the 600,000-row file with a 128 MB heap and exits 1', async () => {
    const c = BAD_INPUT_CASES.find((x) => x.generate === 'six-hundred-thousand-rows');
    expect(c?.expect.outcome).toBe('refused');
    if (!c || c.expect.outcome !== 'refused') return;
    const run = await validateAsChild(c.kind, pathOf(c), 128);
    expect(run).toEqual({ code: 1, stdout: '', stderr: `${pathOf(c)}: ${c.expect.message}\n` });
  });

  it('prints the same report as the in-process run for a file with bad rows, and exits 1', async () => {
    const c = BAD_INPUT_CASES.find((x) => x.file === 'invalid-guids.csv');
    if (!c) throw new Error('invalid-guids.csv is missing from the corpus');
    const [child, inProcess] = await Promise.all([validateAsChild(c.kind, pathOf(c), 256), validateInProcess(c.kind, pathOf(c))]);
    expect(child).toEqual(inProcess);
    expect(child.code).toBe(1);
  });

  it('never echoes a terminal escape sequence from the file', async () => {
    const c = BAD_INPUT_CASES.find((x) => x.file === 'control-characters.csv');
    if (!c) throw new Error('control-characters.csv is missing from the corpus');
    const run = await validateAsChild(c.kind, pathOf(c), 256);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\u0007');
    expect(readFileSync(pathOf(c), 'latin1')).toContain('\u001b[31m');
  });
});
