import { describe, expect, it } from 'vitest';
import type { Attachment } from 'botbuilder';
import type { BotRuntime } from '../../../src/bot/bot-deps';
import { downloadAttachment } from '../../../src/bot/attachment-download';
import { FILE_DOWNLOAD_INFO } from '../../../src/bot/csv-intake';

function runtimeWith(localMode: boolean, fetched: string[]): BotRuntime {
  const fetch = async (url: string | URL | Request): Promise<Response> => {
    fetched.push(String(url));
    return new Response('objectId\n', { status: 200 });
  };
  return { localMode, deps: { fetch } } as unknown as BotRuntime;
}

const attachment = (downloadUrl: string): Attachment => ({ contentType: FILE_DOWNLOAD_INFO, name: 'restore.csv', content: { downloadUrl, fileType: 'csv' } });

describe('downloading a Teams file attachment', () => {
  it('refuses a plain-http link in production without fetching it', async () => {
    const fetched: string[] = [];
    const result = await downloadAttachment(runtimeWith(false, fetched), attachment('http://10.0.0.4/internal.csv'), 1024);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('not https') });
    expect(fetched).toEqual([]);
  });

  it('fetches an https link in production', async () => {
    const fetched: string[] = [];
    const result = await downloadAttachment(runtimeWith(false, fetched), attachment('https://contoso-my.sharepoint.com/f.csv'), 1024);
    expect(result.ok).toBe(true);
    expect(fetched).toEqual(['https://contoso-my.sharepoint.com/f.csv']);
  });

  it('accepts plain http in local mode, where the samples are served on loopback', async () => {
    const fetched: string[] = [];
    const result = await downloadAttachment(runtimeWith(true, fetched), attachment('http://127.0.0.1:3978/samples/restore-users.csv'), 1024);
    expect(result.ok).toBe(true);
    expect(fetched).toHaveLength(1);
  });
});
