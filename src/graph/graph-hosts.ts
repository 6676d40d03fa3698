// The SDK's own host rules (Graph's global and national clouds, plus the client's customHosts); not re-exported
// from the package root, so imported from the file that defines them.
import { isCustomHost, isGraphURL } from '@microsoft/microsoft-graph-client/lib/src/GraphRequestUtil';
import { isLoopbackHost } from '../net/loopback';

/** Hosts outside the SDK's list that the configured base URL names (a custom https Graph host), for `customHosts`. */
export function customHostsFor(baseUrl: string): Set<string> {
  const url = `${new URL(baseUrl).origin}/`;
  return isGraphURL(url) ? new Set() : new Set([new URL(baseUrl).hostname]);
}

/**
 * May this URL receive the user's token? The SDK decides for https (Graph's clouds and customHosts); it recognises
 * https URLs only, so the local sandbox on plain http is admitted by being on a loopback address, nothing else.
 */
export function mayReceiveToken(url: string, customHosts: Set<string>): boolean {
  if (isGraphURL(url) || isCustomHost(url, customHosts)) return true;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}
