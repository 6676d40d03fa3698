import { describe, expect, it } from 'vitest';
import { ALL_ROUTES, matchRoute } from '../../../src/sandbox/routes/index';

describe('route matching', () => {
  it('prefers literal segments over parameters', () => {
    const count = matchRoute(ALL_ROUTES, 'GET', ['users', '$count']);
    expect(count.kind).toBe('found');
    if (count.kind === 'found') expect(count.route.pattern).toEqual(['users', '$count']);
    const byId = matchRoute(ALL_ROUTES, 'GET', ['users', 'abc']);
    expect(byId.kind === 'found' && byId.params).toEqual(['abc']);
  });

  it('matches literals case-insensitively', () => {
    expect(matchRoute(ALL_ROUTES, 'GET', ['Directory', 'DeletedItems', 'microsoft.graph.user']).kind).toBe('found');
  });

  it('tells a wrong method from an unknown path and names the unknown segment', () => {
    expect(matchRoute(ALL_ROUTES, 'PUT', ['users']).kind).toBe('method-not-allowed');
    const unknown = matchRoute(ALL_ROUTES, 'GET', ['users', 'abc', 'unicorns']);
    expect(unknown).toEqual({ kind: 'not-found', segment: 'unicorns' });
  });
});
