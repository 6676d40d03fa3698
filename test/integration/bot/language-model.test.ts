import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { COMMAND_ACTIONS } from '../../../src/bot/language-model/command-actions';
import { plannerInterpreter } from '../../../src/bot/language-model/planner-interpreter';
import { FOREIGN_TARGET_MESSAGE } from '../../../src/bot/language-model/read-proposal';
import { createLogger } from '../../../src/logging/logger';
import { startOpenAiStub } from '../../support/openai-stub';
import type { OpenAiStub } from '../../support/openai-stub';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
const adele = CONTOSO_PEOPLE.adeleVanceDeleted;
const API_KEY = 'sk-stubkey-0123456789abcdefghij';
const GET_ADELE_BACK = 'could you possibly get Adele back from the bin';

let sandbox: RunningSandbox;
let stub: OpenAiStub;
let bot: Harness;
let plainBot: Harness;
const logged: string[] = [];
const logger = createLogger({ level: 'debug', destination: new Writable({ write: (chunk: Buffer, _e, done) => (logged.push(chunk.toString()), done()) }) });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  stub = await startOpenAiStub();
  bot = createHarness(sandbox, { env: { OPENAI_ENDPOINT: stub.baseUrl, OPENAI_API_KEY: API_KEY, OPENAI_MODEL: 'stub-model' }, logger });
  plainBot = createHarness(sandbox, { conversationId: 'conv-plain' });
});
afterAll(async () => {
  await stub.stop();
  await sandbox.stop();
});

async function restoreRequests(): Promise<number> {
  const { entries } = (await (await fetch(`${sandbox.url}/_sandbox/audit`)).json()) as { entries: { method: string; path: string }[] };
  return entries.filter((e) => e.method === 'POST' && e.path.includes('/restore')).length;
}

/** The card the bot answers unreadable text with when no model is configured. */
async function unknownCardFor(text: string): Promise<unknown> {
  const [reply] = await plainBot.say(alex, text);
  const card = cardOf(reply);
  expect(cardText(card)).toContain('You wrote');
  return card;
}

describe('the optional language model (OpenAI-compatible stub over real HTTP, teams-ai ActionPlanner)', () => {
  it('reads "could you possibly get Adele back from the bin" as `restore Adele`, then shows the sandbox dry run\'s confirm card and waits', async () => {
    stub.answer({ kind: 'tool', name: 'restore', args: JSON.stringify({ target: 'Adele' }) });
    const before = stub.requests.length;
    const restoresBefore = await restoreRequests();
    const replies = await bot.say(alex, GET_ADELE_BACK);

    expect(replies[0]?.text).toBe('I read this as: `restore Adele`');
    const confirm = cardOf(replies[1]);
    expect(cardText(confirm)).toContain('Adele Vance');
    const data = actionData(confirm, 'confirm-job');
    const job = await bot.store.getJob(String(data?.jobId));
    expect(job?.job.state).toBe('awaiting-approval');
    expect(job?.job.source).toMatchObject({ type: 'command', text: 'restore Adele' });
    expect(await restoreRequests()).toBe(restoresBefore);

    // What the planner really sent: one chat completion with the admin's text and one tool per command.
    expect(stub.requests).toHaveLength(before + 1);
    const request = stub.requests[before];
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.body.model).toBe('stub-model');
    const messages = request?.body.messages as { role: string; content: unknown }[];
    expect(messages.at(-1)).toEqual({ role: 'user', content: GET_ADELE_BACK });
    const tools = request?.body.tools as { type: string; function: { name: string; parameters: { required?: string[] } } }[];
    expect(tools.map((tool) => tool.function.name)).toEqual(COMMAND_ACTIONS.map((action) => action.name));
    expect(tools.find((tool) => tool.function.name === 'restore')?.function.parameters.required).toEqual(['target']);

    // The proposal runs only through the normal confirmation.
    await bot.invoke(alex, 'confirm-job', data, replies[1]?.id);
    const finished = await bot.waitForJob(String(data?.jobId));
    expect(finished.counters).toMatchObject({ total: 1, succeeded: 1 });
    expect(await restoreRequests()).toBe(restoresBefore + 1);
    const restored = await fetch(`${sandbox.graphBaseUrl}/users/${adele.id}`, { headers: { authorization: `Bearer ${await sandbox.issueToken(alex.id)}` } });
    expect(restored.status).toBe(200);
  });

  it('goes on exactly as the typed command would: a confirm card for one match, a choice card for two', async () => {
    const restoresBefore = await restoreRequests();
    stub.answer({ kind: 'tool', name: 'restore', args: JSON.stringify({ target: 'Emily Braun', objectType: 'user' }) });
    const emily = await bot.say(alex, 'Emily Braun was removed by mistake last week, sort that out for me');
    expect(emily[0]?.text).toBe('I read this as: `restore users Emily Braun`');
    expect(cardText(cardOf(emily[1]))).toContain('Emily Braun');
    expect(actionData(cardOf(emily[1]), 'confirm-job')?.jobId).toBeTruthy();

    stub.answer({ kind: 'tool', name: 'restore', args: JSON.stringify({ target: 'Megan Bowen' }) });
    const megan = await bot.say(alex, 'Megan Bowen is rejoining next week, undo her removal');
    expect(megan[0]?.text).toBe('I read this as: `restore Megan Bowen`');
    const choice = cardText(cardOf(megan[1]));
    expect(choice).toContain(CONTOSO_PEOPLE.meganBowenDeleted.id);
    expect(choice).toContain(CONTOSO_PEOPLE.meganBowenOtherDeleted.id);
    expect(await restoreRequests()).toBe(restoresBefore);
  });

  it('reads a message naming two deleted users as one restore of both: the typed list, one confirm card with both rows', async () => {
    // A tenant of its own: the first test restores Adele from the shared one.
    const own = await startSandbox({ port: 0, tenant: 'contoso' });
    try {
      const ownBot = createHarness(own, { conversationId: 'conv-list', env: { OPENAI_ENDPOINT: stub.baseUrl, OPENAI_API_KEY: API_KEY, OPENAI_MODEL: 'stub-model' }, logger });
      const text = 'could you get both Adele Vance and Kim Abercrombie back from the bin';
      await unknownCardFor(text);
      stub.answer({ kind: 'tool', name: 'restore-several', args: JSON.stringify({ targets: ['Adele Vance', 'Kim Abercrombie'] }) });
      const replies = await ownBot.say(alex, text);

      expect(replies).toHaveLength(2);
      expect(replies[0]?.text).toBe('I read this as: `restore Adele Vance, Kim Abercrombie`');
      const confirm = cardOf(replies[1]);
      expect(cardText(confirm)).toContain('Adele Vance');
      expect(cardText(confirm)).toContain('Kim Abercrombie');
      const data = actionData(confirm, 'confirm-job');
      const job = await ownBot.store.getJob(String(data?.jobId));
      expect(job?.job.state).toBe('awaiting-approval');
      expect(job?.job.source).toMatchObject({ type: 'command', text: 'restore Adele Vance, Kim Abercrombie' });
      expect(job?.job.counters.total).toBe(2);

      await ownBot.invoke(alex, 'confirm-job', data, replies[1]?.id);
      const finished = await ownBot.waitForJob(String(data?.jobId));
      expect(finished.counters).toMatchObject({ total: 2, succeeded: 2 });
    } finally {
      await own.stop();
    }
  });

  it('refuses a list proposal with one name the admin did not write, and plans nothing', async () => {
    const jobsBefore = (await bot.store.listJobs({ initiatorId: alex.id })).length;
    stub.answer({ kind: 'tool', name: 'restore-several', args: JSON.stringify({ targets: ['Adele', 'Megan Bowen'] }) });
    const replies = await bot.say(alex, GET_ADELE_BACK);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe(FOREIGN_TARGET_MESSAGE);
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(jobsBefore);
  });

  it('refuses a proposal naming a target the admin did not write, and plans nothing', async () => {
    const jobsBefore = (await bot.store.listJobs({ initiatorId: alex.id })).length;
    for (const [name, args] of [
      ['purge', { target: 'Megan Bowen' }],
      ['restore', { target: 'Adele Vance' }],
      ['delete-users', { target: 'megan@contoso.com' }],
      ['invite', { email: 'attacker@evil.example' }],
    ] as const) {
      stub.answer({ kind: 'tool', name, args: JSON.stringify(args) });
      const replies = await bot.say(alex, GET_ADELE_BACK);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toBe(FOREIGN_TARGET_MESSAGE);
      expect(replies[0]?.attachments ?? []).toHaveLength(0);
    }
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(jobsBefore);
  });

  it('answers malformed model output, an action not in the list, bad arguments, several actions, plain text, a 500 and a non-JSON body with the usual unknown card', async () => {
    const text = 'hmm, Adele again please';
    const expected = await unknownCardFor(text);
    const jobsBefore = (await bot.store.listJobs({ initiatorId: alex.id })).length;
    const answers = [
      { kind: 'tool', name: 'restore', args: '{"target": "Adele"' },
      { kind: 'tool', name: 'drop_tenant', args: '{}' },
      { kind: 'tool', name: 'restore', args: '{"target": 42}' },
      { kind: 'tool', name: 'restore', args: '{"target": "Adele", "runWithoutConfirmation": true}' },
      { kind: 'tools', calls: [{ name: 'restore', args: '{"target":"Adele"}' }, { name: 'jobs', args: '{}' }] },
      { kind: 'text', content: 'Sure, I restored Adele for you!' },
      { kind: 'status', status: 500 },
      { kind: 'raw', body: '<html>bad gateway</html>' },
    ] as const;
    // teams-ai and the OpenAI SDK print failures to the console themselves, past the scrubbing logger: read that too.
    const printed: string[] = [];
    const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation((...args: unknown[]) => {
        printed.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${JSON.stringify(arg)}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      }),
    );
    try {
      for (const answer of answers) {
        stub.answer(answer);
        const replies = await bot.say(alex, text);
        expect(replies, answer.kind).toHaveLength(1);
        expect(cardOf(replies[0]), JSON.stringify(answer)).toEqual(expected);
      }
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.join('\n')).not.toContain(API_KEY);
    expect(printed.join('\n')).not.toContain('Adele again');
    expect(await bot.store.listJobs({ initiatorId: alex.id })).toHaveLength(jobsBefore);
    const lines = logged.join('');
    expect(lines).toContain('the language model proposal was not used');
    expect(lines).not.toContain(API_KEY);
    expect(lines).not.toContain('Adele again');
  });

  it('gives up on a model that does not answer in time with the usual unknown card', async () => {
    const settings = { provider: 'openai' as const, endpoint: stub.baseUrl, apiKey: API_KEY, model: 'stub-model' };
    const impatient = createHarness(sandbox, { conversationId: 'conv-impatient', deps: { languageModel: { interpret: plannerInterpreter(settings, logger, 300), timeoutMs: 300 } } });
    const text = "whenever there's a minute, the Adele thing";
    const expected = await unknownCardFor(text);
    const before = stub.requests.length;
    stub.answer({ kind: 'hang' });
    const replies = await impatient.say(alex, text);
    expect(stub.requests).toHaveLength(before + 1);
    expect(replies).toHaveLength(1);
    expect(cardOf(replies[0])).toEqual(expected);
    expect(logged.join('')).toContain('did not answer in time');
  });

  it('without the variables the bot answers as before and the model gets no request', async () => {
    const before = stub.requests.length;
    const [reply] = await plainBot.say(alex, GET_ADELE_BACK);
    expect(cardText(cardOf(reply))).toContain('You wrote');
    expect(cardText(cardOf(reply))).not.toContain('I read this as');
    expect(stub.requests).toHaveLength(before);
  });

  it('sends text the grammar reads to no model', async () => {
    const before = stub.requests.length;
    const replies = await bot.say(alex, 'jobs');
    expect(replies.length).toBeGreaterThan(0);
    expect(stub.requests).toHaveLength(before);
  });
});
