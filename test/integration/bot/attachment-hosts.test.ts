import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Attachment } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAttachment } from '../../../src/bot/attachment-download';
import type { BotRuntime } from '../../../src/bot/bot-deps';
import { FILE_DOWNLOAD_INFO } from '../../../src/bot/csv-intake';
import { CONTOSO_PEOPLE, startSandbox } from '../../../src/sandbox';
import type { RunningSandbox } from '../../../src/sandbox';
import { createHarness } from './bot-harness';
import type { Harness } from './bot-harness';

/**
 * Stands in for Teams' file hosts over loopback HTTP: `GET /<host>/<path>` answers what `https://<host>/<path>` would.
 * Redirects name https URLs on other hosts, as SharePoint's would.
 */
const CSV = 'Object ID [objectId] Required\r\nc0a70500-0000-4000-8000-000000000065\r\n';
let files: Server;
let filesUrl: string;

beforeAll(async () => {
  files = createServer((req, res) => {
    const path = req.url ?? '';
    const redirects: Record<string, string> = {
      '/contoso.sharepoint.com/to-evil': 'https://evil.example.com/steal?from=teams',
      '/contoso.sharepoint.com/to-my-site': 'https://contoso-my.sharepoint.com/personal/alex/restore.csv',
      '/contoso.sharepoint.com/relative': '/contoso.sharepoint.com/restore.csv',
      '/contoso.sharepoint.com/loop': 'https://contoso.sharepoint.com/loop',
      '/contoso.sharepoint.com/to-metadata': 'http://169.254.169.254/metadata/identity/oauth2/token',
      '/local/to-evil': 'https://evil.example.com/steal',
      '/local/to-local': `${filesUrl}/local/restore.csv`,
    };
    const target = redirects[path];
    if (target) {
      res.writeHead(302, { location: target }).end();
      return;
    }
    if (path.endsWith('/restore.csv')) {
      res.writeHead(200, { 'content-type': 'text/csv' }).end(CSV);
      return;
    }
    if (path === '/local/not-a-csv.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' }).end('SECRET-FIRST-LINE internal: db password hunter2\nmore private text\n');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => files.close(() => resolve()));
});

/** The bot's fetch seam: https URLs go to the loopback stand-in; every URL asked for is recorded. */
function seam(requested: string[]): typeof fetch {
  return (input, init) => {
    const url = new URL(String(input));
    requested.push(url.href);
    const local = url.protocol === 'https:' ? `${filesUrl}/${url.host}${url.pathname}${url.search}` : url.href;
    return fetch(local, init);
  };
}

function productionRuntime(requested: string[], attachmentHosts?: string[]): BotRuntime {
  return { localMode: false, deps: { fetch: seam(requested), ...(attachmentHosts ? { attachmentHosts } : {}) } } as unknown as BotRuntime;
}

const attachment = (downloadUrl: string): Attachment => ({ contentType: FILE_DOWNLOAD_INFO, name: 'restore.csv', content: { downloadUrl, fileType: 'csv' } });

describe('attachment downloads outside local mode: Teams file hosts only', () => {
  it('downloads from a SharePoint host', async () => {
    const requested: string[] = [];
    const result = await downloadAttachment(productionRuntime(requested), attachment('https://contoso-my.sharepoint.com/personal/alex/restore.csv'), 1024);
    expect(result.ok && Buffer.from(result.bytes).toString()).toBe(CSV);
  });

  it('refuses a link on another host without requesting it, naming the host and the setting', async () => {
    const requested: string[] = [];
    const result = await downloadAttachment(productionRuntime(requested), attachment('https://evil.example.com/payload.csv'), 1024);
    expect(result).toEqual({
      ok: false,
      message:
        "Teams sent the file with a download link on evil.example.com, which is not a Teams file host (SharePoint or OneDrive), so I did not download it. Attach the file again from your computer or OneDrive. If your organization's Teams files are stored on another host (a national cloud), the bot's administrator can add it to ATTACHMENT_HOSTS.",
    });
    expect(requested).toEqual([]);
  });

  it.each([
    'https://sharepoint.com.evil.example/restore.csv',
    'https://contoso.sharepoint.com.evil.example/restore.csv',
    'https://evilsharepoint.com/restore.csv',
    'https://127.0.0.1/restore.csv',
  ])('refuses look-alike host %s', async (url) => {
    const requested: string[] = [];
    const result = await downloadAttachment(productionRuntime(requested), attachment(url), 1024);
    expect(result.ok).toBe(false);
    expect(requested).toEqual([]);
  });

  it('does not follow a redirect to another host', async () => {
    const requested: string[] = [];
    const result = await downloadAttachment(productionRuntime(requested), attachment('https://contoso.sharepoint.com/to-evil'), 1024);
    expect(result).toEqual({
      ok: false,
      message:
        "The download of the file was redirected to evil.example.com, which is not a Teams file host (SharePoint or OneDrive), so I stopped there. Attach the file again. If your organization's Teams files are served from evil.example.com, the bot's administrator can add it to ATTACHMENT_HOSTS.",
    });
    expect(requested).toEqual(['https://contoso.sharepoint.com/to-evil']);
  });

  it('does not follow a redirect to plain http, such as the cloud metadata endpoint', async () => {
    const requested: string[] = [];
    const result = await downloadAttachment(productionRuntime(requested), attachment('https://contoso.sharepoint.com/to-metadata'), 1024);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('redirected to 169.254.169.254, which is not a Teams file host') });
    expect(requested).toEqual(['https://contoso.sharepoint.com/to-metadata']);
  });

  it('follows redirects among Teams file hosts, relative ones too', async () => {
    const requested: string[] = [];
    const across = await downloadAttachment(productionRuntime(requested), attachment('https://contoso.sharepoint.com/to-my-site'), 1024);
    expect(across.ok).toBe(true);
    expect(requested).toEqual(['https://contoso.sharepoint.com/to-my-site', 'https://contoso-my.sharepoint.com/personal/alex/restore.csv']);
    const relative = await downloadAttachment(productionRuntime([]), attachment('https://contoso.sharepoint.com/relative'), 1024);
    expect(relative.ok).toBe(true);
  });

  it('stops after five redirects', async () => {
    const requested: string[] = [];
    const result = await downloadAttachment(productionRuntime(requested), attachment('https://contoso.sharepoint.com/loop'), 1024);
    expect(result).toEqual({ ok: false, message: 'The download of the file was redirected more than 5 times, so I stopped. Attach the file again.' });
    expect(requested).toHaveLength(6);
  });

  it('takes its host list from ATTACHMENT_HOSTS (a national cloud)', async () => {
    const requested: string[] = [];
    const refused = await downloadAttachment(productionRuntime(requested, ['*.sharepoint.us']), attachment('https://contoso-my.sharepoint.com/personal/alex/restore.csv'), 1024);
    expect(refused.ok).toBe(false);
    const accepted = await downloadAttachment(productionRuntime(requested, ['*.sharepoint.us']), attachment('https://contoso.sharepoint.us/restore.csv'), 1024);
    expect(accepted.ok).toBe(true);
    expect(requested).toEqual(['https://contoso.sharepoint.us/restore.csv']);
  });
});

describe('attachment downloads in local mode', () => {
  const localRuntime = (requested: string[]) => ({ localMode: true, deps: { fetch: seam(requested) } }) as unknown as BotRuntime;

  it('follows a loopback redirect to loopback', async () => {
    const requested: string[] = [];
    const result = await downloadAttachment(localRuntime(requested), attachment(`${filesUrl}/local/to-local`), 1024);
    expect(result.ok).toBe(true);
  });

  it('does not follow a loopback redirect to the internet', async () => {
    const requested: string[] = [];
    const result = await downloadAttachment(localRuntime(requested), attachment(`${filesUrl}/local/to-evil`), 1024);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('redirected to evil.example.com') });
    expect(requested).toEqual([`${filesUrl}/local/to-evil`]);
  });

  it('refuses a plain-http link that is not loopback', async () => {
    const requested: string[] = [];
    const result = await downloadAttachment(localRuntime(requested), attachment('http://10.0.0.4/internal.csv'), 1024);
    expect(result.ok).toBe(false);
    expect(requested).toEqual([]);
  });
});

describe('through the bot', () => {
  let sandbox: RunningSandbox;
  let bot: Harness;
  const alex = { id: CONTOSO_PEOPLE.alexWilber.id, displayName: 'Alex Wilber' };
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tenant: 'contoso' });
    bot = createHarness(sandbox);
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  const fileMessage = (downloadUrl: string, name = 'restore.csv') => ({
    attachments: [{ contentType: FILE_DOWNLOAD_INFO, name, content: { downloadUrl, fileType: 'csv' } }],
  });

  it('refuses a file whose link redirects off the allowed hosts, naming the host, and creates no job', async () => {
    const replies = await bot.say(alex, 'restore', fileMessage(`${filesUrl}/local/to-evil`));
    expect(replies.map((r) => r.text).join('\n')).toContain('redirected to evil.example.com');
    expect(await bot.store.listJobs({})).toEqual([]);
  });

  it('never quotes the content of a file it refused', async () => {
    const replies = await bot.say(alex, 'restore', fileMessage(`${filesUrl}/local/not-a-csv.csv`, 'notes.csv'));
    const said = JSON.stringify(replies);
    expect(said).toContain("I can't use");
    expect(said).not.toMatch(/SECRET|hunter2|private/);
    expect(await bot.store.listJobs({})).toEqual([]);
  });

  it('never quotes the content of a file without a command either', async () => {
    const replies = await bot.say(alex, '', fileMessage(`${filesUrl}/local/not-a-csv.csv`, 'notes.csv'));
    const said = JSON.stringify(replies);
    expect(said).toContain("I can't use");
    expect(said).not.toMatch(/SECRET|hunter2|private/);
  });
});
