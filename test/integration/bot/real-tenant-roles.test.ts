import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';

const P = CONTOSO_PEOPLE;
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
});
afterAll(async () => {
  await sandbox.stop();
});

async function say(who: (typeof P)[keyof typeof P], text: string): Promise<{ text: string; confirm: Record<string, unknown> | undefined }> {
  const harness = createHarness(sandbox);
  const replies = await harness.say(who, text);
  const cards = replies.map((reply) => cardOf(reply)).filter((card) => card !== undefined);
  return {
    text: [...replies.map((reply) => String(reply.text ?? '')), ...cards.map((card) => cardText(card))].join('\n'),
    confirm: cards.map((card) => actionData(card, 'confirm-job')).find((data) => data !== undefined),
  };
}

describe('the bot with roles as real tenants have them', () => {
  it('tells Isaiah Langer, eligible for User Administrator, to activate it in PIM; no job is proposed', async () => {
    const { text, confirm } = await say(P.isaiahLanger, 'restore Adele Vance');
    expect(confirm).toBeUndefined();
    expect(text).toContain('You are eligible for User Administrator: activate it in Privileged Identity Management');
    expect(text).toContain('ActivationMenuBlade');
    expect(text).not.toContain('Ask a Global Administrator');
  });

  it("offers Retry on Isaiah's card: it sends the same command again", async () => {
    const harness = createHarness(sandbox);
    const [reply] = await harness.say(P.isaiahLanger, 'restore Adele Vance');
    const actions = (cardOf(reply)?.actions ?? []) as unknown[];
    expect(actions).toEqual([
      { type: 'Action.Submit', title: 'Retry', data: { verb: 'run-command', command: 'restore Adele Vance', msteams: { type: 'imBack', value: 'restore Adele Vance' } } },
    ]);
    const [missing] = await harness.say(P.diegoSiciliani, 'restore Adele Vance');
    expect(cardText(cardOf(missing))).toContain('Permission needed');
    expect(cardOf(missing)?.actions ?? []).toEqual([]);
  });

  it('shows eligible, AU-scoped and custom roles on whoami', async () => {
    expect((await say(P.isaiahLanger, 'whoami')).text).toContain('User Administrator (eligible, not active)');
    expect((await say(P.johannaLorenz, 'whoami')).text).toContain('User Administrator for Seattle Office');
    expect((await say(P.joniSherman, 'whoami')).text).toContain('Restore Operators (custom role)');
  });

  it('proposes a restore to Joni Sherman (custom role) and says Graph will decide', async () => {
    const { text, confirm } = await say(P.joniSherman, `restore ${P.meganBowenOtherDeleted.id}`);
    expect(confirm?.jobId).toBeTruthy();
    expect(text).toContain("I couldn't confirm your role (custom role 'Restore Operators'); Graph will decide for each row.");
    expect(text).not.toContain('You hold custom role');
  });

  it("flags restoring Allan Deyoung on the confirm card, naming Directory.AccessAsUser.All", async () => {
    const { text } = await say(P.modAdministrator, `restore ${P.allanDeyoungDeleted.id}`);
    expect(text).toContain('Directory.AccessAsUser.All');
    expect(text).toContain('holds Global Administrator');
  });

  it('flags restoring the role-assignable Tier 0 Admins, naming RoleManagement.ReadWrite.Directory', async () => {
    const { text } = await say(P.pattiFernandez, `restore ${CONTOSO_OBJECTS.groups.tier0AdminsDeleted}`);
    expect(text).toContain('RoleManagement.ReadWrite.Directory');
  });
});
