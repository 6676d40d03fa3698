import { describe, expect, it } from 'vitest';
import { GraphClient } from '../../../src/graph/graph-client';
import { StaticTokenProvider } from '../../../src/graph/token-provider';
import type { TokenProvider, TokenResult } from '../../../src/graph/token-provider';
import { withErrorHints } from '../../../src/operations/catalogue';
import { VirtualClock, seededRandom } from './support';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = Response | Error | ((call: Call) => Response);

function fakeFetch(replies: Reply[]): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    calls.push(call);
    const reply = replies.shift();
    if (reply === undefined) throw new Error('no reply queued');
    if (reply instanceof Error) throw reply;
    return typeof reply === 'function' ? reply(call) : reply;
  };
  return { fetch: fetchFn as typeof fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const throttled = (retryAfter?: string): Response =>
  json(
    429,
    { error: { code: 'TooManyRequests', message: 'Please retry again later.', innerError: { 'request-id': 'r-429', date: '2026-11-23T10:00:00' } } },
    retryAfter === undefined ? {} : { 'retry-after': retryAfter },
  );

function client(replies: Reply[], tokenProvider: TokenProvider = new StaticTokenProvider('tok-1')) {
  const fake = fakeFetch(replies);
  const clock = new VirtualClock();
  const graph = new GraphClient({
    baseUrl: 'http://127.0.0.1:9/v1.0/',
    tokenProvider,
    fetch: fake.fetch,
    clock,
    random: seededRandom(1),
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 30_000 },
  });
  return { graph, calls: fake.calls, clock };
}

describe('GraphClient.request', () => {
  it('sends the exact URL, bearer token, a client-request-id, ConsistencyLevel and a JSON body', async () => {
    const { graph, calls } = client([json(200, { id: 'u1' }, { 'request-id': 'req-1' })]);
    const response = await graph.request<{ id: string }>({
      method: 'POST',
      url: '/directory/deletedItems/u1/restore',
      body: { autoReconcileProxyConflict: true },
      consistencyLevel: 'eventual',
    });
    expect(response).toMatchObject({ ok: true, status: 200, body: { id: 'u1' }, requestId: 'req-1', attempts: 1 });
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call?.url).toBe('http://127.0.0.1:9/v1.0/directory/deletedItems/u1/restore');
    expect(call?.method).toBe('POST');
    expect(call?.headers['authorization']).toBe('Bearer tok-1');
    expect(call?.headers['consistencylevel']).toBe('eventual');
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(call?.body).toEqual({ autoReconcileProxyConflict: true });
  });

  it('follows an absolute nextLink on the same origin but never sends the token elsewhere', async () => {
    const { graph, calls } = client([json(200, { value: [] })]);
    const same = await graph.request({ url: 'http://127.0.0.1:9/v1.0/users?$skiptoken=abc' });
    expect(same.ok).toBe(true);
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/v1.0/users?$skiptoken=abc');
    const foreign = await graph.request({ url: 'https://evil.example/v1.0/users' });
    expect(foreign.ok).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('retries a 429 after Retry-After seconds and then succeeds', async () => {
    const { graph, calls, clock } = client([throttled('3'), json(204, undefined)]);
    const response = await graph.request({ method: 'DELETE', url: '/directory/deletedItems/x' });
    expect(response).toMatchObject({ ok: true, status: 204, attempts: 2 });
    expect(calls).toHaveLength(2);
    expect(clock.now()).toBe(3_000);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const clock = new VirtualClock();
    const fake = fakeFetch([
      () => throttled(new Date(clock.now() + 5_000).toUTCString()),
      json(200, { ok: 1 }),
    ]);
    const withDate = new GraphClient({ baseUrl: 'http://127.0.0.1:9/v1.0', tokenProvider: new StaticTokenProvider('t'), fetch: fake.fetch, clock });
    const response = await withDate.request({ url: '/users' });
    expect(response.ok).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(4_000);
    expect(clock.now()).toBeLessThanOrEqual(5_000);
  });

  it('gives up after the bound with a throttled reason that names the attempts', async () => {
    const { graph, calls } = client([throttled('1'), throttled('1'), throttled('1'), throttled('1'), throttled('1')]);
    const response = await graph.request({ method: 'POST', url: '/invitations', body: {}, operation: 'invite' });
    expect(calls).toHaveLength(4);
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.category).toBe('throttled');
    expect(response.error.attempts).toBe(4);
    expect(response.error.reason).toContain('after 4 attempts');
    expect(response.error.requestId).toBe('r-429');
  });

  it('backs off with jitter when there is no Retry-After, and retries connection failures', async () => {
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    const { graph, calls, clock } = client([json(503, { error: { code: 'serviceNotAvailable', message: 'down' } }), reset, json(200, {})]);
    const response = await graph.request({ url: '/users' });
    expect(response.ok).toBe(true);
    expect(calls).toHaveLength(3);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(100);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(200);
  });

  it('does not retry errors a retry cannot fix', async () => {
    const { graph, calls } = client([
      json(404, { error: { code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist or one of its queried reference-property objects are not present." } }),
    ]);
    const response = await graph.request({ method: 'POST', url: '/directory/deletedItems/x/restore', operation: 'restore', context: withErrorHints('restore', { target: 'x' }) });
    expect(calls).toHaveLength(1);
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.reason).toContain('x is not in the recycle bin');
  });

  it('refreshes the token once after a 401, then reports the sign-in problem', async () => {
    let issued = 0;
    let invalidated = 0;
    const provider: TokenProvider = {
      getToken: async (): Promise<TokenResult> => ({ ok: true, token: `tok-${++issued}`, expiresOn: Number.MAX_SAFE_INTEGER }),
      invalidate: () => void invalidated++,
    };
    const expired = (): Response => json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } });
    const { graph, calls } = client([expired(), json(200, {})], provider);
    expect((await graph.request({ url: '/me' })).ok).toBe(true);
    expect(calls.map((c) => c.headers['authorization'])).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(invalidated).toBe(1);

    const again = client([expired(), expired()], provider);
    const response = await again.graph.request({ url: '/me' });
    expect(again.calls).toHaveLength(2);
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.category).toBe('token-expired');
      expect(response.error.stopsRun).toBe(true);
    }
  });

  it('turns a token provider failure into a token-expired error without calling Graph', async () => {
    let now = 0;
    const { graph, calls } = client([], new StaticTokenProvider('t', 1_000, () => now));
    now = 2_000;
    const response = await graph.request({ url: '/users' });
    expect(calls).toHaveLength(0);
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.error.category).toBe('token-expired');
  });
});

describe('GraphClient.batch', () => {
  it('posts one $batch with relative URLs and a Content-Type for bodies, and maps sub-responses by id', async () => {
    const { graph, calls } = client([
      json(200, {
        responses: [
          { id: '2', status: 404, headers: { 'Content-Type': 'application/json' }, body: { error: { code: 'Request_ResourceNotFound', message: 'gone' } } },
          { id: '1', status: 200, body: { id: 'a' } },
        ],
      }),
    ]);
    const result = await graph.batch([
      { id: '1', method: 'POST', url: '/directory/deletedItems/a/restore', body: {} },
      { id: '2', method: 'DELETE', url: '/directory/deletedItems/b' },
    ]);
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/v1.0/$batch');
    expect(calls[0]?.body).toEqual({
      requests: [
        { id: '1', method: 'POST', url: '/directory/deletedItems/a/restore', headers: { 'Content-Type': 'application/json' }, body: {} },
        { id: '2', method: 'DELETE', url: '/directory/deletedItems/b' },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.responses.get('1')?.status).toBe(200);
    expect(result.responses.get('2')?.status).toBe(404);
  });

  it('refuses more than 20 sub-requests without calling Graph', async () => {
    const { graph, calls } = client([]);
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET' as const, url: '/users' }));
    const result = await graph.batch(requests);
    expect(result.ok).toBe(false);
    expect(calls).toHaveLength(0);
  });
});

describe('GraphClient over the SDK transport', () => {
  const cloudClient = (baseUrl: string, replies: Reply[]) => {
    const fake = fakeFetch(replies);
    const graph = new GraphClient({ baseUrl, tokenProvider: new StaticTokenProvider('tok-1'), fetch: fake.fetch, clock: new VirtualClock() });
    return { graph, calls: fake.calls };
  };

  it.each(['https://graph.microsoft.com/v1.0', 'https://graph.microsoft.us/v1.0', 'https://dod-graph.microsoft.us/v1.0', 'https://microsoftgraph.chinacloudapi.cn/v1.0'])(
    'sends the token to the national cloud %s',
    async (baseUrl) => {
      const { graph, calls } = cloudClient(baseUrl, [json(200, { id: 'me' })]);
      const response = await graph.request({ url: '/me?$select=id' });
      expect(response.ok).toBe(true);
      expect(calls[0]?.url).toBe(`${baseUrl}/me?$select=id`);
      expect(calls[0]?.headers['authorization']).toBe('Bearer tok-1');
    },
  );

  it('admits a custom https Graph host named by the base URL', async () => {
    const { graph, calls } = cloudClient('https://graph.contoso.test:8443/v1.0', [json(200, {})]);
    expect((await graph.request({ url: '/me' })).ok).toBe(true);
    expect(calls[0]?.headers['authorization']).toBe('Bearer tok-1');
  });

  it('follows a nextLink byte for byte, although the SDK would reorder its query', async () => {
    const { graph, calls } = client([json(200, { value: [] })]);
    const nextLink = 'http://127.0.0.1:9/v1.0/users?$skiptoken=X%3d%3d&$top=5&$select=id&$select=mail';
    expect((await graph.request({ url: nextLink })).ok).toBe(true);
    expect(calls[0]?.url).toBe(nextLink);
  });

  it('sends a POST without a body with no content type, and exposes the throttling headers of a success', async () => {
    const { graph, calls } = client([json(200, {}, { 'x-ms-throttle-limit-percentage': '0.92' })]);
    const response = await graph.request({ method: 'POST', url: '/directory/deletedItems/u1/restore' });
    expect(response.ok && response.headers['x-ms-throttle-limit-percentage']).toBe('0.92');
    expect(calls[0]?.headers['content-type']).toBeUndefined();
    expect(calls[0]?.body).toBeUndefined();
  });
});
