import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';

const alex = CONTOSO_PEOPLE.alexWilber;
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

it('two restore cards for Adele Vance in two chats, both confirmed: the second job says "Already done", not failed', async () => {
  const harness = createHarness(sandbox);
  const otherChat = { conversation: { id: 'conv-other-personal', isGroup: false, conversationType: 'personal', tenantId: sandbox.tenantId, name: 'chat' } };
  const [firstReply] = await harness.say(alex, 'restore Adele Vance');
  const [secondReply] = await harness.say(alex, 'restore Adele Vance', otherChat);
  const first = actionData(cardOf(firstReply), 'confirm-job');
  const second = actionData(cardOf(secondReply), 'confirm-job');
  expect(first?.jobId).toBeTruthy();
  expect(second?.jobId).toBeTruthy();

  await harness.invoke(alex, 'confirm-job', first, firstReply?.id);
  expect((await harness.waitForJob(String(first?.jobId))).counters).toMatchObject({ succeeded: 1, failed: 0 });
  await harness.invoke(alex, 'confirm-job', second, secondReply?.id, otherChat);
  const finished = await harness.waitForJob(String(second?.jobId));
  expect(finished.counters).toMatchObject({ succeeded: 1, failed: 0, alreadyDone: 1 });
  expect(finished.state).toBe('completed');

  const [status] = await harness.say(alex, `status ${String(second?.jobId)}`, otherChat);
  const card = cardText(cardOf(status));
  expect(card).toContain('Already done');
  expect(card).not.toContain('not in the recycle bin');
});

it('restore group Legacy Sales DL: "I found no deleted group", with why distribution lists never reach the recycle bin', async () => {
  const harness = createHarness(sandbox);
  const replies = await harness.say(alex, 'restore group Legacy Sales DL');
  const text = replies.map((r) => r.text ?? '').join('\n');
  expect(text).toContain('I found no deleted group "Legacy Sales DL" in the recycle bin.');
  expect(text).toMatch(/Distribution lists, mail-enabled security groups and groups synced/);
  expect(await harness.store.listJobs({ initiatorId: alex.id })).toHaveLength(0);
});
