import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { cardOf, createHarness } from './bot-harness';
import { textBlocks } from '../../unit/cards/card-inspect';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

async function checkSetup(text: string, who = CONTOSO_PEOPLE.alexWilber): Promise<string[]> {
  const harness = createHarness(sandbox);
  const replies = await harness.say(who, text);
  const card = cardOf(replies[0]);
  expect(card, JSON.stringify(replies)).toBeDefined();
  return textBlocks(card);
}

describe('check setup in chat', () => {
  it('shows the same checklist as entra-bulk doctor, with a fix for each miss', async () => {
    const texts = await checkSetup('check setup');
    expect(texts).toContain('What works for Alex Wilber (AlexW@contoso.onmicrosoft.com)');
    expect(texts).toContain('Connection');
    expect(texts).toContain('Queries I rely on');
    expect(texts).toContain('Restore deleted users');
    expect(texts).toContain('Allowed by your User Administrator role.');
    expect(texts.some((t) => t.startsWith('Needs Application Administrator'))).toBe(true);
    expect(texts.some((t) => t.startsWith('→ Ask a Privileged Role Administrator'))).toBe(true);
    expect(texts).toContain('Some things do not work yet: each one says what to do.');
  });

  it('answers to "doctor" too, and still answers for an admin without any role', async () => {
    const texts = await checkSetup('doctor', CONTOSO_PEOPLE.diegoSiciliani);
    expect(texts.some((t) => t.startsWith('No admin role, active or eligible'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Needs User Administrator'))).toBe(true);
  });

  it('reports a refused query with the fallback instead of failing', async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unsupportedFilters: ['userPrincipalName ge'] }) });
    try {
      const texts = await checkSetup('check setup');
      expect(texts).toContain('refused (Request_UnsupportedQuery)');
      expect(texts.some((t) => t.startsWith('→ Large exports fall back'))).toBe(true);
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    }
  });
});
