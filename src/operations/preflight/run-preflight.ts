import { z } from 'zod';
import type { GraphClient } from '../../graph/graph-client';
import type { GraphError } from '../../graph/graph-error';
import type { TokenProvider } from '../../graph/token-provider';
import { loadCallerProfile } from '../caller-profile';
import type { CallerProfile } from '../caller-profile';
import { tokenScopes } from '../../graph/token-scopes';
import { PIM_MY_ROLES_URL, checkRoles, joinOr, roleName } from '../directory-roles';
import { PREFLIGHT_FEATURES } from './preflight-features';
import type { PreflightFeature } from './preflight-features';
import { filterParam, odataString } from '../../graph/odata-literal';
import { isUnsupportedQuery } from '../../graph/pager';
import { rangePartitions } from '../../graph/upn-partitions';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface PreflightCheck {
  section: 'connection' | 'token' | 'roles' | 'tenant' | 'queries';
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/**
 * works: nothing stands in the way · partly: a role scoped to administrative units allows it for their members only ·
 * activate: an eligible role would allow it once activated in PIM · graph-decides: the product can't tell (roles
 * unreadable, custom roles) and Graph will decide per row · blocked: a scope or role is missing.
 */
export type FeatureStatus = 'works' | 'partly' | 'activate' | 'graph-decides' | 'blocked';

/** The admin can go ahead: it works, works within their unit, or only Graph can tell. */
export function canProceed(status: FeatureStatus): boolean {
  return status === 'works' || status === 'partly' || status === 'graph-decides';
}

export interface FeatureVerdict {
  feature: PreflightFeature;
  status: FeatureStatus;
  reason: string;
  fix?: string;
}

export interface PreflightReport {
  graphUrl: string;
  tenant?: { id: string; displayName: string };
  admin?: { displayName: string; userPrincipalName: string };
  checks: PreflightCheck[];
  features: FeatureVerdict[];
  /** False when Graph could not be reached or the token was refused: nothing else could be checked. */
  connected: boolean;
}

const CONSENT_FIX = 'In the Entra admin center open App registrations → Entra Bulk Admin → API permissions, add it and grant admin consent, then sign in again.';

type InviteSetting = 'none' | 'adminsAndGuestInviters' | 'adminsGuestInvitersAndAllMembers' | 'everyone';
const organizationSchema = z.object({ value: z.array(z.object({ id: z.string(), displayName: z.string().nullable().optional() })) });
const authorizationPolicySchema = z.object({ allowInvitesFrom: z.enum(['none', 'adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'everyone']).optional() });

/** A read-only check of everything the product depends on, as the signed-in admin: one tiny request each. */
export async function runPreflight(graph: GraphClient, tokens: TokenProvider, signal?: AbortSignal): Promise<PreflightReport> {
  const report: PreflightReport = { graphUrl: graph.baseUrl, checks: [], features: [], connected: false };
  const token = await tokens.getToken();
  if (!token.ok) {
    report.checks.push({ section: 'connection', title: 'Sign-in', status: 'fail', detail: token.message, fix: 'Sign in again (in Teams: `sign out`, then any command).' });
    return report;
  }

  const organization = await graph.request<unknown>({ url: '/organization?$select=id,displayName', signal, operation: 'read', retry: { maxAttempts: 2 } });
  if (!organization.ok) {
    report.checks.push({ section: 'connection', title: 'Microsoft Graph', status: 'fail', detail: `${graph.baseUrl} answered: ${organization.error.reason}`, fix: connectionFix(organization.error) });
    return report;
  }
  const tenant = organizationSchema.safeParse(organization.body).data?.value[0];
  if (tenant) report.tenant = { id: tenant.id, displayName: tenant.displayName ?? tenant.id };
  report.connected = true;
  report.checks.push({ section: 'connection', title: 'Microsoft Graph', status: 'ok', detail: `${graph.baseUrl} reached${tenant ? `, tenant ${tenant.displayName ?? ''} (${tenant.id})` : ''}` });

  const scopes = tokenScopes(token.token);
  report.checks.push(scopeCheck(scopes));

  const profile = await loadCallerProfile(graph, signal);
  let caller: CallerProfile | undefined;
  if (profile.ok) {
    caller = profile.value;
    report.admin = { displayName: caller.displayName, userPrincipalName: caller.userPrincipalName };
    report.checks.push(roleCheck(caller));
  } else {
    report.checks.push({
      section: 'roles',
      title: 'Your admin roles',
      status: 'warn',
      detail: `I couldn't read your roles: ${profile.error.reason}`,
      fix: 'Role checks become advisory: each job proceeds and Graph decides row by row.',
    });
  }

  const invites = await inviteSetting(graph, signal);
  report.checks.push(invites.check);
  report.checks.push(...(await queryChecks(graph, signal)));

  for (const feature of PREFLIGHT_FEATURES) report.features.push(judge(feature, scopes, caller, invites.setting));
  return report;
}

function connectionFix(error: GraphError): string {
  if (error.status === 401) return 'The token was refused: sign in again, and check that --graph-url matches the cloud your tenant is in.';
  if (error.status === 0) return 'Check the network path to Graph (proxy, firewall) and --graph-url.';
  return 'Try again in a few minutes; if it persists, note the request id above for Microsoft support.';
}

function scopeCheck(scopes: ReadonlySet<string> | undefined): PreflightCheck {
  if (!scopes) {
    return { section: 'token', title: 'Token permissions', status: 'warn', detail: "The token's permissions can't be read (not a readable JWT).", fix: 'Permission checks become advisory: Graph decides.' };
  }
  const missing = [
    ...new Set(PREFLIGHT_FEATURES.filter((f) => !f.beyondTheApp && !f.scopes.some((s) => scopes.has(s))).map((f) => f.scopes[0] ?? '')),
  ];
  const held = [...scopes].sort().join(', ');
  if (missing.length === 0) return { section: 'token', title: 'Token permissions', status: 'ok', detail: `Delegated: ${held}` };
  return {
    section: 'token',
    title: 'Token permissions',
    status: 'warn',
    detail: `Delegated: ${held}. Missing for some features: ${missing.join(', ')}.`,
    fix: CONSENT_FIX,
  };
}

function roleCheck(caller: CallerProfile): PreflightCheck {
  const title = 'Your admin roles';
  if (!caller.rolesReadable) {
    return {
      section: 'roles',
      title,
      status: 'warn',
      detail: "Graph didn't show your roles (the token has no role-reading permission, or the read was refused).",
      fix: 'Role checks become advisory: each job proceeds and Graph decides row by row. RoleManagement.Read.Directory lets me read them.',
    };
  }
  const parts: string[] = [];
  if (caller.roleNames.length > 0) parts.push(`Active: ${caller.roleNames.join(', ')}`);
  if (caller.scopedRoles.length > 0) {
    parts.push(`Scoped to administrative units: ${caller.scopedRoles.map((s) => `${roleName(s.role)} for ${s.administrativeUnitName ?? s.administrativeUnitId}`).join(', ')}`);
  }
  if (caller.eligibleRoles.size > 0) parts.push(`Eligible in PIM, not active: ${[...caller.eligibleRoles].map(roleName).join(', ')}`);
  if (caller.customRoleNames.length > 0) parts.push(`Custom: ${caller.customRoleNames.join(', ')}`);
  if (parts.length === 0) {
    return {
      section: 'roles',
      title,
      status: 'warn',
      detail: 'No admin role, active or eligible. Only exports (and changes to groups you own) are possible.',
      fix: 'Ask a Privileged Role Administrator to assign the role you need.',
    };
  }
  const onlyEligible = caller.roleNames.length === 0 && caller.scopedRoles.length === 0 && caller.customRoleNames.length === 0;
  return {
    section: 'roles',
    title,
    status: onlyEligible || caller.eligibleRoles.size > 0 ? 'warn' : 'ok',
    detail: parts.join(' · '),
    ...(caller.eligibleRoles.size > 0 ? { fix: `Activate an eligible role in Privileged Identity Management when you need it: ${PIM_MY_ROLES_URL}` } : {}),
  };
}

async function inviteSetting(graph: GraphClient, signal: AbortSignal | undefined): Promise<{ check: PreflightCheck; setting?: InviteSetting }> {
  const title = 'Who may invite guests (tenant setting)';
  const response = await graph.request<unknown>({ url: '/policies/authorizationPolicy?$select=allowInvitesFrom', signal, operation: 'read', retry: { maxAttempts: 2 } });
  if (!response.ok) {
    return {
      check: {
        section: 'tenant',
        title,
        status: 'warn',
        detail:
          response.error.status === 403
            ? "Can't read it: reading the authorization policy needs Policy.Read.All, which this app doesn't request, plus a reader role such as Global Reader."
            : `Can't read it: ${response.error.reason}`,
        fix: 'Look in the Entra admin center → External Identities → External collaboration settings → Guest invite settings.',
      },
    };
  }
  const setting = authorizationPolicySchema.safeParse(response.body).data?.allowInvitesFrom;
  if (!setting) return { check: { section: 'tenant', title, status: 'warn', detail: 'Graph did not say (no allowInvitesFrom).' } };
  const words: Record<InviteSetting, string> = {
    none: 'nobody, not even admins',
    adminsAndGuestInviters: 'admins and Guest Inviters only',
    adminsGuestInvitersAndAllMembers: 'admins, Guest Inviters and members',
    everyone: 'everyone, guests included',
  };
  return {
    setting,
    check: {
      section: 'tenant',
      title,
      status: setting === 'none' ? 'fail' : 'ok',
      detail: `allowInvitesFrom = ${setting}: ${words[setting]}.`,
      ...(setting === 'none' ? { fix: 'A Global Administrator can change Guest invite settings in External Identities → External collaboration settings.' } : {}),
    },
  };
}

interface QueryProbe {
  title: string;
  url: string;
  advanced: boolean;
  fallback: string;
}

const QUERY_PROBES: readonly QueryProbe[] = [
  {
    title: 'userPrincipalName ranges on users (parallel exports)',
    // A middle partition of the parallel export: both of the clauses that export sends.
    url: `/users?$select=id&$top=1&$count=true&${filterParam(rangePartitions(['m', 'n'])[1]?.filter ?? '')}`,
    advanced: true,
    fallback: 'Large exports fall back to another partitioning, or one stream (slower); the result says so.',
  },
  {
    title: 'endswith on deleted users (find by user name)',
    url: `/directory/deletedItems/microsoft.graph.user?$select=id&$top=1&$count=true&${filterParam(`endswith(userPrincipalName,${odataString('preflight@example.com')})`)}`,
    advanced: true,
    fallback: 'Finding a deleted user by user name falls back to exact matches.',
  },
  {
    title: '$count on users (progress totals)',
    url: '/users?$select=id&$top=1&$count=true',
    advanced: true,
    fallback: 'Exports run without a known total: progress shows counts, not percentages.',
  },
];

async function queryChecks(graph: GraphClient, signal: AbortSignal | undefined): Promise<PreflightCheck[]> {
  return Promise.all(
    QUERY_PROBES.map(async (probe): Promise<PreflightCheck> => {
      const response = await graph.request<unknown>({ url: probe.url, signal, operation: 'read', retry: { maxAttempts: 2 }, ...(probe.advanced ? { consistencyLevel: 'eventual' as const } : {}) });
      if (response.ok) return { section: 'queries', title: probe.title, status: 'ok', detail: 'accepted' };
      if (isUnsupportedQuery(response.error)) {
        return { section: 'queries', title: probe.title, status: 'warn', detail: `refused (${response.error.code})`, fix: probe.fallback };
      }
      if (response.error.status === 403) {
        return { section: 'queries', title: probe.title, status: 'warn', detail: 'not allowed for you (403), so not tested', fix: 'Needs an admin role that can read the recycle bin.' };
      }
      return { section: 'queries', title: probe.title, status: 'warn', detail: `not tested: ${response.error.reason}` };
    }),
  );
}

function judge(feature: PreflightFeature, scopes: ReadonlySet<string> | undefined, caller: CallerProfile | undefined, invites: InviteSetting | undefined): FeatureVerdict {
  if (scopes && !feature.scopes.some((scope) => scopes.has(scope))) {
    const needed = feature.scopes[0] ?? '';
    return {
      feature,
      status: 'blocked',
      reason: `Your token lacks the ${needed} permission${feature.beyondTheApp ? ', which this app does not request by design' : ''}.`,
      fix: feature.beyondTheApp ? 'Do these rows in the Entra admin center, or see README → Permissions → privileged operations.' : CONSENT_FIX,
    };
  }
  if (feature.invitations && invites === 'none') {
    return { feature, status: 'blocked', reason: 'Your tenant lets nobody invite guests (allowInvitesFrom = none).', fix: 'A Global Administrator can change it in External collaboration settings.' };
  }
  if (!feature.roles) return { feature, status: 'works', reason: 'Any member may do this.' };
  if (!caller) return { feature, status: 'graph-decides', reason: "Your roles couldn't be read, so Graph will decide for each row." };
  const check = checkRoles(feature.roles, caller);
  if (check.ok && check.reason === 'held') {
    const viaSetting = feature.invitations && invites === undefined ? " (the tenant's invite setting couldn't be read)" : '';
    return { feature, status: 'works', reason: `Allowed by your ${check.heldRole} role${viaSetting}.` };
  }
  if (feature.invitations && (invites === 'everyone' || invites === 'adminsGuestInvitersAndAllMembers')) {
    return { feature, status: 'works', reason: `Your tenant lets members invite guests (allowInvitesFrom = ${invites}).` };
  }
  if (check.ok && check.reason === 'administrative-unit') return { feature, status: 'partly', reason: check.message };
  if (check.ok) return { feature, status: 'graph-decides', reason: check.message };
  if (check.reason === 'eligible-not-active') {
    return { feature, status: 'activate', reason: `You are eligible for ${roleName(check.role)}, not active.`, fix: `Activate it in Privileged Identity Management: ${PIM_MY_ROLES_URL}` };
  }
  return {
    feature,
    status: 'blocked',
    reason: `Needs ${joinOr(feature.roles.anyOf.map(roleName))}${feature.ownersMay ? ', or ownership of the group' : ''}.`,
    fix: 'Ask a Privileged Role Administrator or Global Administrator to assign the role (Entra admin center → Roles & admins).',
  };
}
