import { notFound } from '../graph-error';
import { applicationRoutes } from './applications';
import type { Route } from './context';
import { route } from './context';
import { deletedItemRoutes } from './deleted-items';
import { directoryRoutes } from './directory';
import { groupRoutes } from './groups';
import { invitationRoutes } from './invitations';
import { policyRoutes } from './policies';
import { roleManagementRoutes } from './role-management';
import { subscribedSkuRoutes } from './subscribed-skus';
import { userManagerRoutes } from './user-manager';
import { userRoutes } from './users';

// The per-entity restore paths that SDK generators emit; the service answers them with 404 (graph-api.md §1.4).
const bogusRestoreRoutes: Route[] = ['users', 'groups', 'applications', 'servicePrincipals'].flatMap((set) => [
  route('POST', `/${set}/*/restore`, (_request, _services, [id = '']) => notFound(id)),
  route('POST', `/${set}/*/microsoft.graph.restore`, (_request, _services, [id = '']) => notFound(id)),
]);

export const ALL_ROUTES: Route[] = [
  ...userRoutes,
  ...userManagerRoutes,
  ...subscribedSkuRoutes,
  ...groupRoutes,
  ...applicationRoutes,
  ...deletedItemRoutes,
  ...invitationRoutes,
  ...directoryRoutes,
  ...policyRoutes,
  ...roleManagementRoutes,
  ...bogusRestoreRoutes,
];

export type RouteMatch = { kind: 'found'; route: Route; params: string[] } | { kind: 'method-not-allowed' } | { kind: 'not-found'; segment: string };

function matchPattern(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] ?? '';
    const actual = segments[i] ?? '';
    if (expected === '*') params.push(actual);
    else if (expected.toLowerCase() !== actual.toLowerCase()) return undefined;
  }
  return params;
}

function literalCount(pattern: string[]): number {
  return pattern.filter((segment) => segment !== '*').length;
}

export function matchRoute(routes: readonly Route[], method: string, segments: string[]): RouteMatch {
  let best: { route: Route; params: string[] } | undefined;
  let pathMatched = false;
  for (const candidate of routes) {
    const params = matchPattern(candidate.pattern, segments);
    if (!params) continue;
    pathMatched = true;
    if (candidate.method !== method) continue;
    if (!best || literalCount(candidate.pattern) > literalCount(best.route.pattern)) best = { route: candidate, params };
  }
  if (best) return { kind: 'found', ...best };
  if (pathMatched) return { kind: 'method-not-allowed' };
  return { kind: 'not-found', segment: unmatchedSegment(routes, segments) };
}

function unmatchedSegment(routes: readonly Route[], segments: string[]): string {
  let longest = 0;
  for (const candidate of routes) {
    let i = 0;
    while (i < segments.length && i < candidate.pattern.length) {
      const expected = candidate.pattern[i] ?? '';
      if (expected !== '*' && expected.toLowerCase() !== (segments[i] ?? '').toLowerCase()) break;
      i += 1;
    }
    longest = Math.max(longest, i);
  }
  return segments[Math.min(longest, segments.length - 1)] ?? '';
}
