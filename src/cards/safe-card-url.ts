/** Only https links (and http to loopback for local runs) may become Action.OpenUrl targets. */
export function safeCardUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')) return url.toString();
  return undefined;
}
