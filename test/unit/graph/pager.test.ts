import { describe, expect, it } from 'vitest';
import type { GraphRequest, GraphResponse } from '../../../src/graph/graph-client';
import { GraphError } from '../../../src/graph/graph-error';
import { listItems, listPartitioned, pageThrough } from '../../../src/graph/pager';
import type { PagingClient } from '../../../src/graph/pager';
import { compileRangeFilter, seededRandom } from './support';

interface User {
  id: string;
  userPrincipalName: string;
}

const compare = new Intl.Collator('en', { sensitivity: 'base' }).compare;

/** An in-memory `/users` that understands the pager's URLs: $filter (range clauses), $top, $count, skiptoken. */
class FakeUsers implements PagingClient {
  readonly requests: GraphRequest[] = [];
  active = 0;
  maxActive = 0;
  failOn: ((url: string) => boolean) | undefined;
  failWith = (): GraphError =>
    new GraphError({ status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', operation: 'export' });

  private readonly cache = new Map<string, User[]>();

  constructor(readonly users: User[]) {}

  private matching(filter: string): User[] {
    let hit = this.cache.get(filter);
    if (!hit) {
      const predicate = compileRangeFilter(filter, compare);
      hit = this.users.filter((u) => predicate(u.userPrincipalName));
      this.cache.set(filter, hit);
    }
    return hit;
  }

  async request<T>(req: GraphRequest): Promise<GraphResponse<T>> {
    this.requests.push(req);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.failOn?.(req.url)) return { ok: false, headers: {}, error: this.failWith() };
      const url = new URL(req.url.startsWith('http') ? req.url : `http://graph.test/v1.0${req.url}`);
      const filter = url.searchParams.get('$filter');
      const top = Number(url.searchParams.get('$top') ?? '100');
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const matching = filter ? this.matching(filter) : this.users;
      const value = matching.slice(skip, skip + top);
      const next = new URL(url);
      next.searchParams.set('$skiptoken', String(skip + top));
      const body = {
        value,
        ...(url.searchParams.get('$count') === 'true' && skip === 0 ? { '@odata.count': matching.length } : {}),
        ...(skip + top < matching.length ? { '@odata.nextLink': next.toString() } : {}),
      };
      return { ok: true, status: 200, body: body as T, headers: {}, requestId: 'r', attempts: 1 };
    } finally {
      this.active--;
    }
  }
}

function users(n: number, seed: number): User[] {
  const random = seededRandom(seed);
  const first = ['adele', 'Alex', 'megan', 'lee', 'Émile', 'zoë', 'ørjan', '_svc', '1st', 'Ünal', 'bob', 'Brian', 'm'];
  return Array.from({ length: n }, (_, i) => ({
    id: `id-${i}`,
    userPrincipalName: `${first[Math.floor(random() * first.length)] ?? 'x'}.${Math.floor(random() * 1e6).toString(36)}${i}@contoso.com`,
  }));
}

describe('pageThrough', () => {
  it('follows @odata.nextLink verbatim and re-sends ConsistencyLevel on every page', async () => {
    const fake = new FakeUsers(users(25, 1));
    const pages = [];
    for await (const page of pageThrough<User>(fake, '/users?$top=10&$count=true', { consistencyLevel: 'eventual' })) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    expect(pages[0]?.count).toBe(25);
    expect(pages[1]?.count).toBeUndefined();
    expect(fake.requests.map((r) => r.consistencyLevel)).toEqual(['eventual', 'eventual', 'eventual']);
    expect(fake.requests[1]?.url).toBe('http://graph.test/v1.0/users?%24top=10&%24count=true&%24skiptoken=10');
  });

  it('throws the GraphError of a page that failed', async () => {
    const fake = new FakeUsers(users(25, 2));
    fake.failOn = (url) => url.includes('skiptoken=10');
    const seen: string[] = [];
    const run = async (): Promise<void> => {
      for await (const user of listItems<User>(fake, '/users?$top=10')) seen.push(user.id);
    };
    await expect(run()).rejects.toBeInstanceOf(GraphError);
    expect(seen).toHaveLength(10);
  });
});

describe('listPartitioned', () => {
  it('lists every user exactly once across parallel partitions, with bounded concurrency', async () => {
    const all = users(30_000, 3);
    const fake = new FakeUsers(all);
    let planned = 0;
    const seen = new Map<string, number>();
    for await (const user of listPartitioned<User>(fake, {
      select: ['id', 'userPrincipalName'],
      concurrency: 6,
      pageSize: 999,
      onPlan: (plan) => (planned = plan.partitions.length),
    })) {
      seen.set(user.id, (seen.get(user.id) ?? 0) + 1);
    }
    expect(planned).toBe(6);
    expect(seen.size).toBe(all.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(fake.maxActive).toBeLessThanOrEqual(6);
    const listing = fake.requests.slice(1);
    expect(listing.every((r) => r.consistencyLevel === 'eventual')).toBe(true);
    expect(fake.requests[0]?.url).toBe('/users?$select=userPrincipalName&$top=999&$count=true');
  });

  it('places boundaries from the sample so that partitions come out roughly even', async () => {
    const all = users(40_000, 8);
    const fake = new FakeUsers(all);
    const sizes = new Map<string, number>();
    for await (const _ of listPartitioned<User>(fake, { concurrency: 8 })) void _;
    for (const request of fake.requests.slice(1)) {
      const params = new URL(request.url, 'http://graph.test').searchParams;
      if (params.has('$skiptoken')) continue;
      sizes.set(params.get('$filter') ?? '', 0);
    }
    for (const filter of sizes.keys()) {
      const predicate = compileRangeFilter(filter, compare);
      sizes.set(filter, all.filter((u) => predicate(u.userPrincipalName)).length);
    }
    expect(sizes.size).toBe(8);
    expect(Math.max(...sizes.values())).toBeLessThan((all.length / 8) * 2);
  });

  it('adds the caller filter to each range and skips partitioning for small collections', async () => {
    const fake = new FakeUsers(users(500, 4));
    const ids: string[] = [];
    for await (const user of listPartitioned<User>(fake, { concurrency: 4 })) ids.push(user.id);
    expect(ids).toHaveLength(500);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.consistencyLevel).toBeUndefined();

    const withBoundaries = new FakeUsers(users(50, 5));
    for await (const _ of listPartitioned<User>(withBoundaries, { boundaries: ['m'], filter: "userPrincipalName ge 'a'" })) void _;
    const urls = withBoundaries.requests.map((r) => decodeURIComponent(r.url));
    expect(urls).toContain("/users?$filter=(userPrincipalName ge 'a') and not(userPrincipalName ge 'm')&$top=999&$count=true");
  });

  it('stops all partitions and throws when one fails', async () => {
    const fake = new FakeUsers(users(20_000, 6));
    fake.failOn = (url) => {
      const params = new URL(url, 'http://graph.test').searchParams;
      return (params.get('$filter') ?? '').startsWith('not(') && params.has('$skiptoken');
    };
    let count = 0;
    const run = async (): Promise<void> => {
      for await (const _ of listPartitioned<User>(fake, { concurrency: 4 })) count++;
    };
    await expect(run()).rejects.toMatchObject({ category: 'insufficient-privileges' });
    expect(count).toBeLessThan(20_000);
    expect(fake.active).toBe(0);
  });

  it('finishes as one stream without repeating or losing a row when Graph refuses a partition after rows were given', async () => {
    const all = users(20_000, 9);
    const fake = new FakeUsers(all);
    fake.failOn = (url) => {
      const params = new URL(url, 'http://graph.test').searchParams;
      return (params.get('$filter') ?? '').startsWith('not(') && params.get('$skiptoken') === '1998';
    };
    fake.failWith = () => new GraphError({ status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported query.', operation: 'export' });
    const fallbacks: string[] = [];
    const seen = new Map<string, number>();
    for await (const user of listPartitioned<User>(fake, { select: ['userPrincipalName'], concurrency: 4, onFallback: (f) => fallbacks.push(`${f.from}:${f.error.code}`) })) {
      seen.set(user.id, (seen.get(user.id) ?? 0) + 1);
    }
    expect(fallbacks).toEqual(['ranges:Request_UnsupportedQuery']);
    expect(seen.size).toBe(all.length);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(fake.active).toBe(0);
    const last = fake.requests[fake.requests.length - 1];
    expect(last && new URL(last.url, 'http://graph.test').searchParams.has('$filter')).toBe(false);
  });

  it('probes each strategy with one $top=1 request before listing, and does not treat other errors as a refusal', async () => {
    const fake = new FakeUsers(users(20_000, 10));
    fake.failOn = (url) => new URL(url, 'http://graph.test').searchParams.get('$top') === '1';
    const run = async (): Promise<void> => {
      for await (const _ of listPartitioned<User>(fake, { concurrency: 4 })) void _;
    };
    await expect(run()).rejects.toMatchObject({ status: 403 });
    expect(fake.requests).toHaveLength(2);
  });

  it('lists in one stream when the tenant refuses advanced queries, which sizing and partitions need', async () => {
    const all = users(5_000, 12);
    const fake = new FakeUsers(all);
    fake.failOn = (url) => url.includes('$count=true');
    fake.failWith = () => new GraphError({ status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported Query.', operation: 'export' });
    let refused: string[] = [];
    const ids = new Set<string>();
    for await (const user of listPartitioned<User>(fake, { concurrency: 4, onPlan: (plan) => (refused = plan.refused.map((r) => `${plan.strategy}:${r.query}`)) })) ids.add(user.id);
    expect(refused).toEqual(['single:count']);
    expect(ids.size).toBe(all.length);
    expect(fake.requests.slice(1).every((r) => r.consistencyLevel === undefined && !r.url.includes('$filter'))).toBe(true);
  });
});

