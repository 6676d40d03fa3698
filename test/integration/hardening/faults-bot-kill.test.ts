import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureJobStore } from '../../../src/jobs/azure-job-store';
import { startAzurite } from '../../../tools/local-stack/azurite';
import type { RunningAzurite } from '../../../tools/local-stack/azurite';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { FakeConnector, actionData, startBotProcess } from './fault-support/bot-process';
import type { BotProcess } from './fault-support/bot-process';
import { ADMIN, expectExactlyOnce, restoreAudit, restorePlanFor, setFaults, waitFor, waitForFinish } from './fault-support/fault-harness';

const ROWS = 120;
const RESTORE_HEADER = 'version:v1.0\r\nObject ID [objectId] Required\r\nExample: 00aa00aa-bb11-cc22-dd33-44ee44ee44ee\r\n';

let azurite: RunningAzurite;
let sandbox: RunningSandbox;
const connector = new FakeConnector();
const bots = new Set<BotProcess>();

beforeAll(async () => {
  [azurite, sandbox] = await Promise.all([startAzurite(), startSandbox({ port: 0, users: 40, deleted: 200, seed: 53 }), connector.start()]);
});

afterAll(async () => {
  for (const bot of bots) {
    bot.child.kill('SIGKILL');
    await bot.exited;
  }
  await connector.stop();
  await sandbox.stop();
  await azurite.stop();
});

function activity(extra: Record<string, unknown>): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:mod-admin', aadObjectId: ADMIN.id, name: ADMIN.displayName },
    recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
    conversation: { id: 'a:personal-mod-admin', conversationType: 'personal', tenantId: sandbox.tenantId },
    ...extra,
  };
}

async function post(bot: BotProcess, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function startBot(): Promise<BotProcess> {
  const bot = await startBotProcess({ graphBaseUrl: sandbox.graphBaseUrl, storageConnectionString: azurite.connectionString });
  bots.add(bot);
  void bot.exited.then(() => bots.delete(bot));
  return bot;
}

describe('SIGKILL of the bot process during a job', () => {
  it('resumes the job after a restart, posts the result to the stored conversation, and runs every row once', async () => {
    const plan = await restorePlanFor(sandbox, ROWS);
    const ids = plan.rows.map((row) => row.work?.id ?? '');
    connector.files.set('/files/restore.csv', `${RESTORE_HEADER}${ids.join('\r\n')}\r\n`);
    // Every $batch of restores is applied at once but answered 3 s later, so a kill lands with batches in flight.
    await setFaults(sandbox, { extraLatencyMs: 3_000, paths: '/restore$' });

    const first = await startBot();
    const sent = await post(
      first,
      activity({
        type: 'message',
        id: 'msg-1',
        text: 'restore',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'restore.csv',
            content: { downloadUrl: `${connector.url}files/restore.csv`, fileType: 'csv' },
          },
        ],
      }),
    );
    expect(sent.status).toBe(200);
    const confirmCall = connector.calls.find((call) => call.method === 'POST' && actionData(call.body.attachments, 'confirm-job'));
    expect(confirmCall, first.output()).toBeDefined();
    const data = actionData(confirmCall?.body.attachments, 'confirm-job');
    const jobId = String(data?.jobId);
    const cardActivityId = `activity-${connector.calls.filter((call) => call.method === 'POST').indexOf(confirmCall as never) + 1}`;
    expect(JSON.stringify(confirmCall?.body.attachments)).toContain(String(ROWS));

    const invoked = await post(
      first,
      activity({ type: 'invoke', name: 'adaptiveCard/action', id: 'inv-1', replyToId: cardActivityId, value: { action: { type: 'Action.Execute', verb: 'confirm-job', data } } }),
    );
    expect(invoked.status).toBe(200);

    await waitFor(async () => (await restoreAudit(sandbox)).statuses.length >= 20, 'the first restores to be applied', 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();

    const store = await AzureJobStore.create({ storage: { connectionString: azurite.connectionString } });
    const atKill = (await store.getJob(jobId))?.job;
    expect(atKill?.state).toBe('running');
    const countsAtKill = await store.countRows(jobId);
    // The kill left a batch in flight and rows not yet sent.
    expect(countsAtKill.running).toBeGreaterThan(0);
    expect(countsAtKill.pending + countsAtKill.running).toBeGreaterThan(0);

    const second = await startBot();
    // The dead instance's lease must run out before another may take the job; the new one takes it as soon as it has.
    const finished = await waitForFinish(store, jobId, 150_000);
    expect(finished.state, second.output()).toBe('completed');
    expect(finished.counters).toMatchObject({ total: ROWS, succeeded: ROWS, failed: 0, remaining: 0 });

    const rows = await expectExactlyOnce(store, sandbox, plan, jobId);
    expect(rows.every((row) => row.state === 'succeeded')).toBe(true);
    expect(rows.some((row) => /already restored/.test(row.result?.reason ?? ''))).toBe(true);

    // The restarted bot updated the same card in the stored conversation, proactively, to the result.
    let resultCard = '';
    await waitFor(() => {
      const updates = connector.calls.filter((call) => call.method === 'PUT' && call.at > killedAt && call.path.endsWith(`/activities/${cardActivityId}`));
      resultCard = JSON.stringify(updates.at(-1)?.body.attachments ?? null);
      return resultCard.includes('"text":"Done: all 120 rows handled"');
    }, `the result card (the restarted bot said: ${second.output()})`, 30_000);
    expect(resultCard).not.toContain('cancel-job');
    expect(resultCard).toContain('results.csv');
    expect(second.child.exitCode).toBeNull();
  }, 200_000);
});
