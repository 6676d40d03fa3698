import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBot } from '../../../src/compose-bot';
import type { Bot } from '../../../src/bot/create-bot';
import { ConsentFileDelivery, FILE_CONSENT_CARD, FILE_INFO_CARD } from '../../../src/bot/file-delivery';
import { loadConfig } from '../../../src/config';
import { isTerminal } from '../../../src/jobs/job-state-machine';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { actionData, cardText, silent } from './bot-harness';
import { startBotHttp } from './bot-http';
import type { BotHttp } from './bot-http';

interface Attachment {
  contentType?: string;
  name?: string;
  contentUrl?: string;
  content?: Record<string, unknown>;
}

interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  raw: Buffer;
  body: { id?: string; text?: string; attachments?: Attachment[]; members?: { id?: string }[]; tenantId?: string; isGroup?: boolean };
}

const alex = CONTOSO_PEOPLE.alexWilber;
const admin = CONTOSO_PEOPLE.modAdministrator;
const CHUNK = 500;
const CREATED_CHAT = 'a:created-personal-alex';

let sandbox: RunningSandbox;
let connector: Server;
let connectorUrl: string;
let server: BotHttp;
let bot: Bot;
const store = new MemoryJobStore();
const recorded: Recorded[] = [];
let nextActivity = 1;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
  connector = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const path = req.url ?? '';
      const isUpload = path.startsWith('/upload/');
      const body = !isUpload && raw.byteLength > 0 ? (JSON.parse(raw.toString('utf8')) as Recorded['body']) : {};
      recorded.push({ method: req.method ?? '', path, headers: req.headers, raw, body });
      res.setHeader('content-type', 'application/json');
      if (isUpload) {
        // An upload session answers 202 until the last range, then 201 with the item.
        const range = /bytes (\d+)-(\d+)\/(\d+)/.exec(String(req.headers['content-range']));
        const last = range !== null && Number(range[2]) + 1 === Number(range[3]);
        res.writeHead(last ? 201 : 202);
        res.end(JSON.stringify(last ? { id: 'drive-item-1' } : { nextExpectedRanges: [`${Number(range?.[2]) + 1}-`] }));
        return;
      }
      if (req.method === 'POST' && path === '/v3/conversations') {
        res.writeHead(200);
        res.end(JSON.stringify({ id: CREATED_CHAT }));
        return;
      }
      res.writeHead(200);
      res.end(JSON.stringify({ id: req.method === 'PUT' ? (body.id ?? 'updated') : `activity-${nextActivity++}` }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  const loaded = loadConfig({ HOST: '127.0.0.1' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const config = { ...loaded.config, port: 0, graphBaseUrl: sandbox.graphBaseUrl };
  // Teams' delivery (file consent) on a local-mode bot: the connector is a loopback fake, so no credentials are needed.
  bot = composeBot(config, silent, { store, graphBaseUrl: sandbox.graphBaseUrl, fileDelivery: new ConsentFileDelivery(store), uploadChunkBytes: CHUNK });
  server = await startBotHttp(bot);
});

afterAll(async () => {
  await bot.close();
  await server.close();
  await new Promise<void>((resolve) => connector.close(() => resolve()));
  await sandbox.stop();
});

const personal = { id: 'a:personal-alex', conversationType: 'personal', tenantId: 'contoso-tenant' };
const group = { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: 'contoso-tenant' };

function activity(extra: Record<string, unknown>, who: { id: string; displayName: string } = alex, conversation: object = personal) {
  return {
    channelId: 'msteams',
    serviceUrl: connectorUrl,
    from: { id: `29:${who.id}`, aadObjectId: who.id, name: who.displayName },
    recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
    conversation,
    ...extra,
  };
}

async function post(body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function since(start: number): Recorded[] {
  return recorded.slice(start);
}

function attachmentsOf(records: Recorded[], contentType: string): { record: Recorded; attachment: Attachment }[] {
  return records.flatMap((record) => (record.body.attachments ?? []).filter((a) => a.contentType === contentType).map((attachment) => ({ record, attachment })));
}

function texts(records: Recorded[]): string[] {
  return records.map((r) => r.body.text ?? '').filter((t) => t !== '');
}

async function storedText(id: string, name: string): Promise<Buffer> {
  const file = await store.getFile(id, name);
  const chunks: Buffer[] = [];
  for await (const chunk of file ?? []) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

function consentInvoke(action: 'accept' | 'decline', context: unknown, uploadPath: string, who = alex) {
  return activity(
    {
      type: 'invoke',
      name: 'fileConsent/invoke',
      id: `consent-${uploadPath}`,
      value: {
        type: 'fileUpload',
        action,
        context,
        ...(action === 'accept'
          ? {
              uploadInfo: {
                name: 'groups.csv',
                uploadUrl: `${connectorUrl}upload/${uploadPath}`,
                contentUrl: 'https://contoso-my.sharepoint.com/personal/alexw/Documents/Applications/Entra%20Bulk%20Admin/groups.csv',
                uniqueId: `unique-${uploadPath}`,
                fileType: 'csv',
              },
            }
          : {}),
      },
    },
    who,
  );
}

describe('exports as files in personal chat (file consent)', () => {
  it('offers a consent card carrying only the file reference, uploads in byte ranges on accept, and shows the file card', async () => {
    const start = recorded.length;
    expect((await post(activity({ type: 'message', id: 'm-export', text: 'download groups' }))).status).toBe(200);
    const [offer] = attachmentsOf(since(start), FILE_CONSENT_CARD);
    expect(offer?.record.path.startsWith(`/v3/conversations/${encodeURIComponent(personal.id)}/activities`)).toBe(true);
    expect(offer?.attachment.name).toBe('groups.csv');
    const content = offer?.attachment.content as { sizeInBytes: number; acceptContext: { id: string; kind: string }; declineContext: unknown };
    expect(content.acceptContext).toEqual({ id: expect.stringMatching(/^export-/) as string, kind: 'groups' });
    expect(content.declineContext).toEqual(content.acceptContext);
    const csv = await storedText(content.acceptContext.id, 'groups.csv');
    expect(csv.toString('utf8')).toContain('Sales and Marketing');
    expect(content.sizeInBytes).toBe(csv.byteLength);
    expect(csv.byteLength).toBeGreaterThan(CHUNK * 2);
    expect(JSON.stringify(content)).not.toContain('Sales and Marketing');
    expect(texts(since(start)).join('\n')).toContain('groups.csv is on the card above');

    const acceptStart = recorded.length;
    const answered = await post(consentInvoke('accept', content.acceptContext, 'session-1'));
    expect(answered.status).toBe(200);
    const puts = since(acceptStart).filter((r) => r.path === '/upload/session-1');
    expect(puts.every((r) => r.method === 'PUT')).toBe(true);
    expect(puts.length).toBe(Math.ceil(csv.byteLength / CHUNK));
    let offset = 0;
    for (const put of puts) {
      expect(put.headers['content-range']).toBe(`bytes ${offset}-${offset + put.raw.byteLength - 1}/${csv.byteLength}`);
      expect(put.raw.byteLength).toBeLessThanOrEqual(CHUNK);
      offset += put.raw.byteLength;
    }
    expect(Buffer.concat(puts.map((p) => p.raw)).equals(csv)).toBe(true);
    const [info] = attachmentsOf(since(acceptStart), FILE_INFO_CARD);
    expect(info?.record.path.startsWith(`/v3/conversations/${encodeURIComponent(personal.id)}/activities`)).toBe(true);
    expect(info?.attachment).toMatchObject({
      name: 'groups.csv',
      contentUrl: 'https://contoso-my.sharepoint.com/personal/alexw/Documents/Applications/Entra%20Bulk%20Admin/groups.csv',
      content: { uniqueId: 'unique-session-1', fileType: 'csv' },
    });
  });

  it('uploads nothing when someone other than the requester accepts, and says where to get the file after a decline', async () => {
    const start = recorded.length;
    await post(activity({ type: 'message', id: 'm-export-2', text: 'download groups' }));
    const [offer] = attachmentsOf(since(start), FILE_CONSENT_CARD);
    const context = (offer?.attachment.content as { acceptContext: unknown }).acceptContext;

    const foreignStart = recorded.length;
    expect((await post(consentInvoke('accept', context, 'session-foreign', admin))).status).toBe(200);
    expect(since(foreignStart).some((r) => r.path.startsWith('/upload/'))).toBe(false);
    expect(texts(since(foreignStart)).join('\n')).toContain('Only the person who asked for this file can save it');

    const forgedStart = recorded.length;
    await post(consentInvoke('accept', { id: 'export-does-not-exist', kind: 'users' }, 'session-forged'));
    expect(since(forgedStart).some((r) => r.path.startsWith('/upload/'))).toBe(false);
    expect(texts(since(forgedStart)).join('\n')).toContain('I no longer have that file');

    const declineStart = recorded.length;
    expect((await post(consentInvoke('decline', context, 'session-declined'))).status).toBe(200);
    expect(since(declineStart).some((r) => r.path.startsWith('/upload/'))).toBe(false);
    expect(texts(since(declineStart)).join('\n')).toContain('did not send the file');
  });
});

describe('files asked for in a group chat', () => {
  it('opens a personal chat with the requester, offers the file there, and posts only the summary in the group', async () => {
    const start = recorded.length;
    expect((await post(activity({ type: 'message', id: 'm-group-export', text: 'download groups' }, alex, group))).status).toBe(200);
    const created = since(start).find((r) => r.method === 'POST' && r.path === '/v3/conversations');
    expect(created?.body).toMatchObject({ isGroup: false, members: [{ id: `29:${alex.id}` }], tenantId: 'contoso-tenant' });
    const offers = attachmentsOf(since(start), FILE_CONSENT_CARD);
    expect(offers.map((o) => o.record.path)).toEqual([`/v3/conversations/${encodeURIComponent(CREATED_CHAT)}/activities`]);
    const inGroup = since(start).filter((r) => r.path.includes(encodeURIComponent(group.id)));
    // Only the summary card goes to the group, never the file or its consent card.
    expect(inGroup.flatMap((r) => r.body.attachments ?? []).map((a) => a.contentType)).toEqual(['application/vnd.microsoft.card.adaptive']);
    expect(cardText(inGroup.flatMap((r) => r.body.attachments ?? [])[0]?.content)).toContain('our personal chat');
    expect(texts(inGroup).join('\n')).toMatch(/Exported \d+ groups: I sent groups.csv to our personal chat/);
  });
});

describe('job results as a file', () => {
  it('offers the results file to the initiator when the job finishes, and again from the result card', async () => {
    const start = recorded.length;
    await post(activity({ type: 'message', id: 'm-restore', text: `restore ${CONTOSO_PEOPLE.emilyBraunDeleted.displayName} reconcile proxy` }));
    const confirm = since(start).find((r) => r.body.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'));
    const data = actionData(confirm?.body.attachments?.[0]?.content, 'confirm-job');
    expect(data?.jobId).toBeTruthy();
    await post(activity({ type: 'invoke', name: 'adaptiveCard/action', id: 'inv-confirm', replyToId: confirm?.body.id ?? 'activity-x', value: { action: { type: 'Action.Execute', verb: 'confirm-job', data } } }));
    const jobId = String(data?.jobId);
    for (let i = 0; i < 400; i++) {
      const job = (await store.getJob(jobId))?.job;
      if (job && isTerminal(job.state)) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await bot.idle();
    const offers = attachmentsOf(since(start), FILE_CONSENT_CARD);
    expect(offers).toHaveLength(1);
    expect(offers[0]?.attachment.name).toMatch(/^[0-9A-F]{6}-results\.csv$/);
    expect((offers[0]?.attachment.content as { acceptContext: unknown }).acceptContext).toEqual({ id: jobId, kind: 'results' });

    const resultCard = since(start).filter((r) => r.method === 'PUT' && !r.path.startsWith('/upload/')).at(-1)?.body.attachments?.[0]?.content;
    const send = actionData(resultCard, 'send-results');
    expect(send?.jobId).toBe(jobId);
    expect(cardText(resultCard)).toContain('Send me the results file');
    const again = recorded.length;
    const pressed = await post(activity({ type: 'invoke', name: 'adaptiveCard/action', id: 'inv-send', value: { action: { type: 'Action.Execute', verb: 'send-results', data: send } } }));
    expect(pressed.status).toBe(200);
    expect(attachmentsOf(since(again), FILE_CONSENT_CARD)).toHaveLength(1);

    const refused = recorded.length;
    const other = await post(activity({ type: 'invoke', name: 'adaptiveCard/action', id: 'inv-send-2', value: { action: { type: 'Action.Execute', verb: 'send-results', data: send } } }, admin));
    expect(cardText(other.body)).toContain('Alex Wilber');
    expect(attachmentsOf(since(refused), FILE_CONSENT_CARD)).toHaveLength(0);
  });
});
