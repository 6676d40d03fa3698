import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { cardOf, cardText, createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

let sandbox: RunningSandbox;
let bot: Harness;

// Above three pages of 999 users the export lists UPN ranges in parallel.
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 3_500, seed: 17 });
  bot = createHarness(sandbox, { deps: { filesBaseUrl: 'http://127.0.0.1:3978' } });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('download users when Graph refuses range queries on userPrincipalName', () => {
  it('exports every user and says on the result card how the export ran', async () => {
    const set = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unsupportedFilters: ['userPrincipalName ge'] }),
    });
    expect(set.status).toBe(200);
    // A long export sends typing indicators first.
    const reply = (await bot.say(CONTOSO_PEOPLE.alexWilber, 'download users')).find((activity) => activity.type === 'message');
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { counts: { user: number } };
    expect(reply?.text).toMatch(new RegExp(`^Exported ${state.counts.user} users`));
    const card = cardText(cardOf(reply));
    expect(card).toContain('Graph refused range (ge) queries on userPrincipalName in this tenant, so the export ran in parallel parts by first character instead');
  });
});
