import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iterateRows } from '../../../src/jobs/job-store';
import type { JobRow } from '../../../src/jobs/job-model';
import { CONTOSO_DOMAIN, CONTOSO_OBJECTS, CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardOf, cardText, createHarness } from './bot-harness';
import type { Harness, Person } from './bot-harness';
import { startCsvFiles } from './csv-files';
import type { CsvFiles } from './csv-files';

const alex = CONTOSO_PEOPLE.alexWilber;
const admin = CONTOSO_PEOPLE.modAdministrator;
const diego = CONTOSO_PEOPLE.diegoSiciliani;
const pradeep = CONTOSO_PEOPLE.pradeepGupta;
const app = CONTOSO_OBJECTS.applications.legacyCrmDeleted;
const principal = CONTOSO_OBJECTS.servicePrincipals.legacyCrmDeleted;

let sandbox: RunningSandbox;
let files: CsvFiles;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  files = await startCsvFiles();
});
afterAll(async () => {
  await files.close();
  await sandbox.stop();
});

async function graphStatus(on: RunningSandbox, path: string): Promise<number> {
  const token = await on.issueToken(admin.id);
  return (await fetch(`${on.graphBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;
}

async function rowsOf(harness: Harness, jobId: string): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  for await (const row of iterateRows(harness.store, jobId)) rows.push(row);
  return rows;
}

async function confirmCard(harness: Harness, who: Person, text: string): Promise<{ card: unknown; data: Record<string, unknown>; replyId: string }> {
  const [reply] = await harness.say(who, text);
  const card = cardOf(reply);
  const data = actionData(card, 'confirm-job');
  expect(data?.jobId, `${text} → ${cardText(card) || String(reply?.text)}`).toBeTruthy();
  return { card, data: data ?? {}, replyId: reply?.id ?? '' };
}

describe('1. options from the command and from the card both survive the re-plan', () => {
  it('restore Christie Cline as <new UPN>, then ticking proxy reconciliation on the card, restores her under the new name', async () => {
    const harness = createHarness(sandbox);
    const old = CONTOSO_PEOPLE.christieClineOldDeleted;
    const newUpn = `christie.old@${CONTOSO_DOMAIN}`;
    const { card, data, replyId } = await confirmCard(harness, alex, `restore Christie Cline as ${newUpn}`);
    expect(cardText(card)).toContain('needs proxy reconciliation');
    expect(cardText(card)).toContain(`then restored as ${newUpn}`);
    expect(cardText(card)).toContain('"id":"autoReconcileProxyConflict"');
    const { response } = await harness.invoke(alex, 'confirm-job', { ...data, autoReconcileProxyConflict: 'true' }, replyId);
    expect(cardText(response.body?.value)).not.toContain('still does not work');
    const jobs = await harness.store.listJobs({ initiatorId: alex.id });
    const ran = jobs.find((j) => j.state !== 'cancelled' && j.state !== 'awaiting-approval');
    expect(ran, cardText(response.body?.value)).toBeDefined();
    const finished = await harness.waitForJob(ran?.id ?? '');
    expect(finished.counters).toMatchObject({ succeeded: 1, failed: 0 });
    const token = await sandbox.issueToken(admin.id);
    const user = (await (await fetch(`${sandbox.graphBaseUrl}/users/${old.id}?$select=userPrincipalName`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      userPrincipalName?: string;
    };
    expect(user.userPrincipalName).toBe(newUpn);
  });
});

describe('2. restoring an app from chat restores its enterprise app too', () => {
  async function restoredBoth(how: string, propose: (harness: Harness) => Promise<{ card: unknown; data: Record<string, unknown>; replyId: string }>): Promise<void> {
    const own = await startSandbox({ port: 0, tenant: 'contoso' });
    try {
      const harness = createHarness(own);
      const { card, data, replyId } = await propose(harness);
      const rows = await rowsOf(harness, String(data.jobId));
      expect(rows.map((r) => r.plan.work?.id).sort(), `${how}: ${cardText(card)}`).toEqual([app, principal].sort());
      expect(cardText(card)).toContain('enterprise app');
      await harness.invoke(pradeep, 'confirm-job', data, replyId);
      expect((await harness.waitForJob(String(data.jobId))).counters).toMatchObject({ succeeded: 2, failed: 0 });
      expect(await graphStatus(own, `/applications/${app}`)).toBe(200);
      expect(await graphStatus(own, `/servicePrincipals/${principal}`)).toBe(200);
    } finally {
      await own.stop();
    }
  }

  it('by name, through the choice card', async () => {
    await restoredBoth('by name', async (harness) => {
      const [reply] = await harness.say(pradeep, 'restore Contoso Legacy CRM');
      const chooser = cardOf(reply);
      const choices = JSON.stringify(chooser).match(/"objectId":"[^"]+"/g) ?? [];
      expect(choices.some((c) => c.includes(app)), cardText(chooser)).toBe(true);
      const { replies } = await harness.invoke(pradeep, 'choose-object', { ...actionData(chooser, 'choose-object'), objectId: app }, reply?.id);
      const card = cardOf(replies[0]);
      return { card, data: actionData(card, 'confirm-job') ?? {}, replyId: replies[0]?.id ?? '' };
    });
  });

  it('restore app <name>', async () => {
    await restoredBoth('restore app', (harness) => confirmCard(harness, pradeep, 'restore app Contoso Legacy CRM'));
  });

  it('by object id', async () => {
    await restoredBoth('by id', (harness) => confirmCard(harness, pradeep, `restore ${app}`));
  });
});

describe('3. a row the dry run knows will fail is never offered for Confirm', () => {
  it('purge Munich Office: the reason is on the card, and there is no Confirm and no "Run anyway"', async () => {
    const harness = createHarness(sandbox);
    const [reply] = await harness.say(admin, 'purge Munich Office');
    const card = cardOf(reply);
    const text = cardText(card);
    expect(text).toContain('Munich Office');
    expect(text).toContain("Graph can't purge");
    expect(text).not.toContain('Run anyway');
    expect(actionData(card, 'confirm-job')).toBeUndefined();
    // Even a forged confirmation runs nothing.
    const [job] = await harness.store.listJobs({ initiatorId: admin.id });
    expect(job).toBeDefined();
    const forged = await harness.invoke(admin, 'confirm-job', { jobId: job?.id, cardToken: job?.options.cardToken }, reply?.id);
    expect(cardText(forged.response.body?.value)).toContain('Nothing here can run');
    expect((await harness.store.getJob(job?.id ?? ''))?.job.state).not.toBe('queued');
    expect(await graphStatus(sandbox, `/directory/deletedItems/${CONTOSO_OBJECTS.administrativeUnits.munichOfficeDeleted}`)).toBe(200);
  });

  it('a restore file with a row that will fail confirms only the others, says so, and reports the failing row as not run', async () => {
    const harness = createHarness(sandbox);
    const emily = CONTOSO_PEOPLE.emilyBraunDeleted;
    const missing = 'c0a70500-0000-4000-8000-0000000fffff';
    const csv = `version:v1.0\r\nObject ID [objectId] Required,Remove conflicting proxy addresses (true or false) [autoReconcileProxyConflict]\r\n${emily.id},true\r\n${missing},\r\n`;
    const [reply] = await harness.say(alex, 'restore', files.attach('restore.csv', csv));
    const card = cardOf(reply);
    const data = actionData(card, 'confirm-job');
    expect(data?.jobId, cardText(card) || String(reply?.text)).toBeTruthy();
    const text = cardText(card);
    expect(text).toContain('Run 1 row');
    expect(text).toContain('1 row that will fail is not run');
    await harness.invoke(alex, 'confirm-job', data, reply?.id);
    const job = await harness.waitForJob(String(data?.jobId));
    expect(job.counters).toMatchObject({ total: 2, succeeded: 1, failed: 1 });
    const failed = (await rowsOf(harness, job.id)).find((r) => r.state === 'failed');
    expect(failed?.result?.reason).toMatch(/^Not run: .*not in the recycle bin/);
  });

  it('a restore file row that needs a new user name the file does not give is shown, not offered, and never sent', async () => {
    const own = await startSandbox({ port: 0, tenant: 'contoso' });
    try {
      const harness = createHarness(own);
      const christie = CONTOSO_PEOPLE.christieClineOldDeleted;
      const kim = CONTOSO_PEOPLE.kimAbercrombieGuestDeleted;
      const csv = `version:v1.0\r\nObject ID [objectId] Required\r\n${christie.id}\r\n${kim.id}\r\n`;
      const [reply] = await harness.say(alex, 'restore', files.attach('restore.csv', csv));
      const card = cardOf(reply);
      const data = actionData(card, 'confirm-job');
      expect(cardText(card)).toContain('needs a new user name');
      expect(cardText(card)).toContain('Run 1 row');
      await harness.invoke(alex, 'confirm-job', data, reply?.id);
      const job = await harness.waitForJob(String(data?.jobId));
      expect(job.counters).toMatchObject({ total: 2, succeeded: 1, failed: 1 });
      const failed = (await rowsOf(harness, job.id)).find((r) => r.state === 'failed');
      expect(failed?.result?.reason).toMatch(/^Not run: .*needs a new user name/);
      const token = await own.issueToken(admin.id);
      const audit = (await (await fetch(`${own.url}/_sandbox/audit`, { headers: { authorization: `Bearer ${token}` } })).json()) as { entries: { path: string }[] };
      expect(audit.entries.some((e) => e.path.includes(christie.id))).toBe(false);
      expect(audit.entries.some((e) => e.path.includes(kim.id))).toBe(true);
    } finally {
      await own.stop();
    }
  });
});

describe('3. a destructive card with failing rows asks to type the number of rows it will run', () => {
  it('delete users: 11 users and one unknown name → type 11, and only the 11 are deleted', async () => {
    const own = await startSandbox({ port: 0, tenant: 'contoso' });
    try {
      const harness = createHarness(own);
      const P = CONTOSO_PEOPLE;
      const people = [P.isaiahLanger, P.johannaLorenz, P.christieCline, P.lynneRobbins, P.miriamGraham, P.gradyArchie, P.henriettaMueller, P.irvinSayers, P.enricoCattaneo, P.debraBerger, P.benWalters];
      const csv = `User name [userPrincipalName] Required\r\n${[...people.map((p) => p.userPrincipalName), `nobody.here@${CONTOSO_DOMAIN}`].join('\r\n')}\r\n`;
      const [reply] = await harness.say(admin, 'delete users', files.attach('delete.csv', csv));
      const card = cardOf(reply);
      const data = actionData(card, 'confirm-job');
      expect(data?.jobId, cardText(card) || String(reply?.text)).toBeTruthy();
      expect(cardText(card)).toContain('Type 11 to confirm');
      const wrong = await harness.invoke(admin, 'confirm-job', { ...data, typedCount: '12' }, reply?.id);
      expect(cardText(wrong.response.body?.value)).toContain('type 11 exactly');
      await harness.invoke(admin, 'confirm-job', { ...data, typedCount: '11' }, reply?.id);
      const job = await harness.waitForJob(String(data?.jobId));
      expect(job.counters).toMatchObject({ total: 12, succeeded: 11, failed: 1 });
      expect(await graphStatus(own, `/users/${P.benWalters.id}`)).toBe(404);
    } finally {
      await own.stop();
    }
  });
});

describe('3. every kind: a card whose only row will fail offers no Confirm', () => {
  it.each([
    ['delete user nobody.here@contoso.onmicrosoft.com', 'is not an active user'],
    [`invite ${alex.userPrincipalName}`, alex.userPrincipalName],
  ])('%s', async (text, reason) => {
    const harness = createHarness(sandbox);
    const [reply] = await harness.say(admin, text);
    const card = cardOf(reply);
    expect(cardText(card)).toContain(reason);
    expect(cardText(card)).toContain('Nothing here can run');
    expect(actionData(card, 'confirm-job')).toBeUndefined();
    expect(actionData(card, 'cancel-job')).toBeDefined();
  });
});

describe('4. a missing role on a read is a permission answer, not a crash', () => {
  it.each([
    ['restore Adele Vance', 'restore'],
    ['purge Adele Vance', 'purge'],
    ['deleted users', 'list'],
    [`restore ${CONTOSO_PEOPLE.adeleVanceDeleted.id}`, 'restore by id'],
  ])('%s as Diego Siciliani (no admin role)', async (text) => {
    const harness = createHarness(sandbox);
    const [reply] = await harness.say(diego, text);
    const shown = cardText(cardOf(reply));
    expect(shown).toContain('Permission needed');
    expect(shown).toContain('User Administrator');
    expect(shown).not.toContain('Something went wrong');
  });
});

describe('4. a refused directory read (export) is a permission answer too', () => {
  it('download users with Graph answering 403', async () => {
    const own = await startSandbox({ port: 0, tenant: 'contoso' });
    try {
      const set = await fetch(`${own.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ errorRate: 1, errorStatus: 403, paths: '^/users$' }),
      });
      expect(set.status).toBe(200);
      const harness = createHarness(own, { deps: { filesBaseUrl: 'http://127.0.0.1:3978' } });
      const [reply] = await harness.say(alex, 'download users');
      const shown = cardText(cardOf(reply));
      expect(shown).toContain('Permission needed');
      expect(shown).not.toContain('Something went wrong');
    } finally {
      await own.stop();
    }
  });
});

describe('4. a refused read of the admin\'s own roles (whoami and every command) is a permission answer', () => {
  it('whoami with Graph answering 403 on the role memberships', async () => {
    const own = await startSandbox({ port: 0, tenant: 'contoso' });
    try {
      const set = await fetch(`${own.url}/_sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ errorRate: 1, errorStatus: 403, paths: '^/me/transitiveMemberOf' }),
      });
      expect(set.status).toBe(200);
      const [reply] = await createHarness(own).say(alex, 'whoami');
      const shown = cardText(cardOf(reply));
      expect(shown).toContain('Permission needed');
      expect(shown).toContain('profile and roles');
    } finally {
      await own.stop();
    }
  });
});

describe('5. a newer card for the same target retires the older one', () => {
  it('two "restore Adele Vance" cards: the first becomes a note and can no longer be confirmed', async () => {
    const harness = createHarness(sandbox);
    const first = await confirmCard(harness, alex, 'restore Adele Vance');
    const second = await confirmCard(harness, alex, 'restore Adele Vance');
    expect(second.data.jobId).not.toBe(first.data.jobId);
    const retired = cardOf(harness.adapter.activeQueue.find((a) => a.id === first.replyId));
    expect(cardText(retired)).toContain('Replaced by a newer card for Adele Vance');
    expect(actionData(retired, 'confirm-job')).toBeUndefined();
    const pressed = await harness.invoke(alex, 'confirm-job', first.data, first.replyId);
    expect(cardText(pressed.response.body?.value)).toContain('Replaced by a newer card');
    expect((await harness.store.getJob(String(first.data.jobId)))?.job.state).toBe('cancelled');
    expect((await harness.store.getJob(String(second.data.jobId)))?.job.state).toBe('awaiting-approval');
    // A card for something else stays as it is.
    const other = await confirmCard(harness, alex, 'restore group Project Falcon');
    expect((await harness.store.getJob(String(second.data.jobId)))?.job.state).toBe('awaiting-approval');
    expect(other.data.jobId).toBeTruthy();
  });
});

describe('9. purge and delete need an exact target; quantifiers are refused', () => {
  it.each(['purge all', 'purge everyone', 'purge everything', 'purge *', 'purge all users', 'purge everybody', 'delete user all', 'delete user everyone'])(
    '%s is refused with the CSV route and proposes nothing',
    async (text) => {
      const harness = createHarness(sandbox);
      const replies = await harness.say(admin, text);
      const shown = replies.map((r) => `${r.text ?? ''}${cardText(cardOf(r))}`).join('\n');
      expect(shown).toContain('CSV');
      expect(shown).toContain('template');
      expect(shown).not.toContain('Allan Deyoung');
      expect(shown).not.toContain('choose-object');
      expect(await harness.store.listJobs({ initiatorId: admin.id })).toHaveLength(0);
    },
  );

  it('purge Allan asks "Did you mean Allan Deyoung?" instead of proposing the purge', async () => {
    const harness = createHarness(sandbox);
    const [reply] = await harness.say(admin, 'purge Allan');
    const card = cardOf(reply);
    expect(cardText(card)).toContain('Did you mean');
    expect(cardText(card)).toContain('Allan Deyoung');
    expect(actionData(card, 'choose-object')?.objectId).toBe(CONTOSO_PEOPLE.allanDeyoungDeleted.id);
    expect(actionData(card, 'confirm-job')).toBeUndefined();
    expect(await harness.store.listJobs({ initiatorId: admin.id })).toHaveLength(0);
  });

  it('delete user <exact name> proposes that user; a name that only starts like one asks "Did you mean …?"', async () => {
    const harness = createHarness(sandbox);
    const debra = CONTOSO_PEOPLE.debraBerger;
    const { card } = await confirmCard(harness, admin, `delete user ${debra.displayName}`);
    expect(cardText(card)).toContain(debra.userPrincipalName);

    const [reply] = await harness.say(admin, 'delete user Deb');
    const chooser = cardOf(reply);
    expect(cardText(chooser)).toContain('Did you mean Debra Berger?');
    expect(cardText(chooser)).toContain('No active user is named exactly');
    const choice = actionData(chooser, 'choose-object');
    expect(choice?.objectId).toBe(debra.id);
    const forged = await harness.invoke(admin, 'choose-object', { ...choice, objectId: CONTOSO_PEOPLE.alexWilber.id }, reply?.id);
    expect(JSON.stringify(forged.response.body?.value ?? '')).toContain('not one of the users I offered');
    const { replies, response } = await harness.invoke(admin, 'choose-object', choice, reply?.id);
    const confirm = cardOf(replies[0]);
    const jobId = String(actionData(confirm, 'confirm-job')?.jobId);
    expect((await rowsOf(harness, jobId)).map((r) => r.input['Object ID [objectId]'])).toEqual([debra.id]);
    expect(cardText(response.body?.value)).toContain('You chose this one');
    expect(actionData(response.body?.value, 'choose-object')).toBeUndefined();
    expect(await graphStatus(sandbox, `/users/${debra.id}`)).toBe(200);
  });

  it('restore stays forgiving: restore Allan proposes Allan Deyoung (and says why the Teams app cannot restore him)', async () => {
    const harness = createHarness(sandbox);
    const [reply] = await harness.say(admin, 'restore Allan');
    const card = cardText(cardOf(reply));
    expect(card).toContain('Restore Allan Deyoung');
    expect(card).toContain('Directory.AccessAsUser.All');
    expect(actionData(cardOf(reply), 'choose-object')).toBeUndefined();
  });
});
