import type { Caller } from '../authorization';
import { badRequest, forbidden } from '../graph-error';
import type { RoleName } from '../tenant/roles';
import type { AllowInvitesFrom } from '../tenant/tenant-state';
import type { GraphRequest, Route } from './context';
import { jsonBody, route } from './context';
import { rejectUnknownProperties } from './validation';

const INVITE_SETTINGS: readonly AllowInvitesFrom[] = ['none', 'adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'everyone'];
// authorizationpolicy-get: Policy.Read.All (or Policy.ReadWrite.Authorization) and a reader role. Of the roles the
// docs list, the sandbox models these three; every other caller is refused, as the strictest reading of the docs.
const READER_ROLES: readonly RoleName[] = ['Global Administrator', 'Global Reader', 'Privileged Role Administrator'];

function allowedBy(caller: Caller, scopes: readonly string[], roles: readonly RoleName[]): boolean {
  return scopes.some((scope) => caller.scopes.has(scope)) && caller.roles.some((role) => roles.includes(role));
}

function policyBody(request: GraphRequest, setting: AllowInvitesFrom, baseUrl: string): Record<string, unknown> {
  const full: Record<string, unknown> = {
    id: 'authorizationPolicy',
    displayName: 'Authorization Policy',
    description: 'Used to manage authorization related settings across the company.',
    allowInvitesFrom: setting,
    allowedToSignUpEmailBasedSubscriptions: true,
    allowedToUseSSPR: true,
    allowEmailVerifiedUsersToJoinOrganization: false,
    allowUserConsentForRiskyApps: false,
    blockMsolPowerShell: false,
    defaultUserRolePermissions: { allowedToCreateApps: true, allowedToCreateSecurityGroups: true, allowedToReadOtherUsers: true, permissionGrantPoliciesAssigned: [] },
  };
  const select = request.query.get('$select');
  const wanted = select ? new Set(select.split(',').map((name) => name.trim())) : undefined;
  const body: Record<string, unknown> = { '@odata.context': `${baseUrl}/$metadata#policies/authorizationPolicy/$entity` };
  for (const [key, value] of Object.entries(full)) if (!wanted || wanted.has(key) || key === 'id') body[key] = value;
  return body;
}

export const policyRoutes: Route[] = [
  route('GET', '/policies/authorizationPolicy', (request, services) => {
    if (!allowedBy(request.caller, ['Policy.Read.All', 'Policy.ReadWrite.Authorization'], READER_ROLES)) forbidden();
    return { status: 200, body: policyBody(request, services.state.allowInvitesFrom, services.graphBaseUrl) };
  }),
  route(
    'PATCH',
    '/policies/authorizationPolicy',
    (request, services) => {
      if (!allowedBy(request.caller, ['Policy.ReadWrite.Authorization'], ['Global Administrator'])) forbidden();
      const body = jsonBody(request);
      rejectUnknownProperties(body, new Set(['allowInvitesFrom']));
      const setting = body.allowInvitesFrom;
      if (setting !== undefined) {
        if (typeof setting !== 'string' || !INVITE_SETTINGS.includes(setting as AllowInvitesFrom)) {
          badRequest("Invalid value specified for property 'allowInvitesFrom' of resource 'authorizationPolicy'.");
        }
        services.state.allowInvitesFrom = setting as AllowInvitesFrom;
      }
      return { status: 204 };
    },
    { write: true },
  ),
];
