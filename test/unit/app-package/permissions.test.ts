import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRAPH_DELEGATED_PERMISSIONS, MICROSOFT_GRAPH_APP_ID, oauthConnectionScopes } from '../../../tools/app-package/graph-permissions';

const root = join(__dirname, '../../..');
const aadText = readFileSync(join(root, 'aad.manifest.json'), 'utf8');
const aad = JSON.parse(aadText) as {
  signInAudience: string;
  identifierUris: string[];
  requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
  oauth2Permissions: Array<{ value: string; id: string }>;
  preAuthorizedApplications: Array<{ appId: string; permissionIds: string[] }>;
  replyUrlsWithType: Array<{ url: string; type: string }>;
};

const TEAMS_DESKTOP_AND_MOBILE = '1fec8e78-bce4-4aaf-ab1b-5451cc387264';
const TEAMS_WEB = '5e3ce6c0-2b1f-4285-8d4b-75ee78787346';

function typesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(typesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'type' && typeof inner === 'string' ? [inner, ...typesIn(inner)] : typesIn(inner)));
}

describe('aad.manifest.json', () => {
  it('requests no application permissions (no "Role" entries anywhere)', () => {
    expect(typesIn(aad)).not.toContain('Role');
    expect(aadText).not.toMatch(/"type"\s*:\s*"Role"/);
    for (const resource of aad.requiredResourceAccess) for (const access of resource.resourceAccess) expect(access.type).toBe('Scope');
  });

  it('asks only Microsoft Graph, for exactly the delegated permissions in the documented table', () => {
    expect(aad.requiredResourceAccess.map((r) => r.resourceAppId)).toEqual([MICROSOFT_GRAPH_APP_ID]);
    const requested = aad.requiredResourceAccess[0]?.resourceAccess.map((a) => a.id) ?? [];
    expect(new Set(requested).size).toBe(requested.length);
    expect(requested).toEqual(GRAPH_DELEGATED_PERMISSIONS.map((p) => p.id));
  });

  it('leaves out the broad permissions no operation needs', () => {
    const names = GRAPH_DELEGATED_PERMISSIONS.map((p) => p.name);
    for (const broad of ['Directory.ReadWrite.All', 'Directory.AccessAsUser.All', 'RoleManagement.ReadWrite.Directory', 'User.ReadWrite', 'Directory.Read.All']) {
      expect(names).not.toContain(broad);
    }
    const ids = GRAPH_DELEGATED_PERMISSIONS.map((p) => p.id);
    // Directory.ReadWrite.All and Directory.AccessAsUser.All (delegated).
    expect(ids).not.toContain('c5366453-9fb0-48a5-a156-24f0c49a4b84');
    expect(ids).not.toContain('0e263e50-5827-48a4-b97c-d940288653c7');
  });

  it('says why each permission is there and what stops working without it', () => {
    for (const permission of GRAPH_DELEGATED_PERMISSIONS) {
      expect(permission.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(permission.why.length, permission.name).toBeGreaterThan(20);
      expect(permission.withoutIt.length, permission.name).toBeGreaterThan(10);
    }
  });

  it('is a single-tenant app exposing access_as_user on api://botid-<BOT_ID> to the Teams clients', () => {
    expect(aad.signInAudience).toBe('AzureADMyOrg');
    expect(aad.identifierUris).toEqual(['api://botid-${{BOT_ID}}']);
    expect(aad.oauth2Permissions.map((p) => p.value)).toEqual(['access_as_user']);
    const scopeId = aad.oauth2Permissions[0]?.id;
    expect(aad.preAuthorizedApplications).toEqual([
      { appId: TEAMS_DESKTOP_AND_MOBILE, permissionIds: [scopeId] },
      { appId: TEAMS_WEB, permissionIds: [scopeId] },
    ]);
    expect(aad.replyUrlsWithType).toContainEqual({ url: 'https://token.botframework.com/.auth/web/redirect', type: 'Web' });
  });
});

describe('the Azure Bot OAuth connection', () => {
  it('asks for the same scopes that aad.manifest.json requests', () => {
    const parameters = JSON.parse(readFileSync(join(root, 'infra/azure.parameters.json'), 'utf8')) as {
      parameters: Record<string, { value: unknown }>;
    };
    expect(parameters.parameters.graphScopes?.value).toBe(oauthConnectionScopes());
    expect(oauthConnectionScopes()).toBe(GRAPH_DELEGATED_PERMISSIONS.map((p) => p.name).join(' '));
  });

  it('is declared in the Bicep with the SSO token exchange URL', () => {
    const bicep = readFileSync(join(root, 'infra/azure.bicep'), 'utf8');
    expect(bicep).toContain("'Microsoft.BotService/botServices/connections@");
    expect(bicep).toContain("serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c'");
    expect(bicep).toContain("value: 'api://botid-${botAadAppClientId}'");
    expect(bicep).toContain('scopes: graphScopes');
  });
});
