import { DEFAULT_ATTACHMENT_HOSTS } from '../config';
import { DEFAULT_CSV_LIMITS, fileTooLargeMessage } from '../csv/csv-limits';
import { isLoopbackHost } from '../net/loopback';
import type { BotRuntime } from './bot-deps';
import type { ChatAttachment } from './chat-turn';

export type Download = { ok: true; bytes: Uint8Array } | { ok: false; message: string; tooLarge?: boolean };

export const MAX_DOWNLOAD_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const SETTING_HINT = "the bot's administrator can add it to ATTACHMENT_HOSTS.";

/** `*.sharepoint.com` matches any subdomain of sharepoint.com (not sharepoint.com itself); other entries match exactly. */
export function isAllowedAttachmentHost(hostname: string, patterns: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return patterns.some((pattern) => (pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern));
}

/** A host as it may appear in a chat message: plain DNS characters only, or a neutral description. */
function shownHost(hostname: string): string {
  return /^[a-z0-9.-]{1,253}$/i.test(hostname) ? hostname : 'an unrecognized host';
}

type LinkCheck = 'allowed' | 'not-https' | 'host-not-allowed';

function checkLink(url: URL, runtime: BotRuntime): LinkCheck {
  // Local mode serves its samples on loopback (http), and nothing else may be reached from there.
  if (runtime.localMode && (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname)) return 'allowed';
  if (url.protocol !== 'https:') return 'not-https';
  return isAllowedAttachmentHost(url.hostname, runtime.deps.attachmentHosts ?? DEFAULT_ATTACHMENT_HOSTS) ? 'allowed' : 'host-not-allowed';
}

function refusedLink(check: Exclude<LinkCheck, 'allowed'>, url: URL, redirected: boolean): string {
  const host = shownHost(url.hostname);
  if (redirected) {
    return `The download of the file was redirected to ${host}, which is not a Teams file host (SharePoint or OneDrive), so I stopped there. Attach the file again. If your organization's Teams files are served from ${host}, ${SETTING_HINT}`;
  }
  if (check === 'not-https') return 'Teams sent the file with a link I do not accept (not https). Attach it again.';
  return `Teams sent the file with a download link on ${host}, which is not a Teams file host (SharePoint or OneDrive), so I did not download it. Attach the file again from your computer or OneDrive. If your organization's Teams files are stored on another host (a national cloud), ${SETTING_HINT}`;
}

/**
 * Teams' short-lived, pre-authorised download URL: fetched at once, without credentials, never past the size limit.
 * Only Teams' file hosts are contacted, redirects included (followed by hand, at most five), so a crafted attachment
 * cannot make the bot fetch, and then describe, an internal or foreign address.
 */
export async function downloadAttachment(runtime: BotRuntime, attachment: ChatAttachment, maxBytes: number): Promise<Download> {
  const content = attachment.content as { downloadUrl?: unknown } | undefined;
  const link = typeof content?.downloadUrl === 'string' ? content.downloadUrl : undefined;
  let url: URL | undefined;
  try {
    url = link ? new URL(link) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol)) return { ok: false, message: 'Teams sent the file without a download link. Attach it again.' };

  const fetchFile = runtime.deps.fetch ?? fetch;
  let response: Response | undefined;
  for (let hop = 0; hop <= MAX_DOWNLOAD_REDIRECTS; hop++) {
    const check = checkLink(url, runtime);
    if (check !== 'allowed') return { ok: false, message: refusedLink(check, url, hop > 0) };
    try {
      response = await fetchFile(url.href, { redirect: 'manual' });
    } catch {
      return { ok: false, message: 'I could not download the file from Teams. Attach it again.' };
    }
    if (!REDIRECT_STATUSES.has(response.status)) break;
    await response.body?.cancel();
    const location = response.headers.get('location');
    let next: URL | undefined;
    try {
      next = location ? new URL(location, url) : undefined;
    } catch {
      next = undefined;
    }
    if (!next) return { ok: false, message: `Teams refused the download (HTTP ${response.status}). Attach the file again.` };
    url = next;
    response = undefined;
  }
  if (!response) {
    return { ok: false, message: `The download of the file was redirected more than ${MAX_DOWNLOAD_REDIRECTS} times, so I stopped. Attach the file again.` };
  }
  return readBounded(response, maxBytes);
}

async function readBounded(response: Response, maxBytes: number): Promise<Download> {
  const limits = { ...DEFAULT_CSV_LIMITS, maxBytes };
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return { ok: false, message: `Teams refused the download (HTTP ${response.status}). Attach the file again.` };
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel();
    return { ok: false, message: fileTooLargeMessage(limits, declared), tooLarge: true };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, message: fileTooLargeMessage(limits), tooLarge: true };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}
