import { badRequest } from '../graph-error';
import type { TenantState } from '../tenant/tenant-state';

export type Body = Record<string, unknown>;

export function requireString(body: Body, property: string, resource: string): string {
  const value = body[property];
  if (value === undefined || value === null) badRequest(`A value is required for property '${property}' of resource '${resource}'.`);
  if (typeof value !== 'string' || value.trim() === '') badRequest(`Invalid value specified for property '${property}' of resource '${resource}'.`);
  return value;
}

export function requireBoolean(body: Body, property: string, resource: string): boolean {
  const value = body[property];
  if (value === undefined || value === null) badRequest(`A value is required for property '${property}' of resource '${resource}'.`);
  if (typeof value !== 'boolean') badRequest(`Invalid value specified for property '${property}' of resource '${resource}'.`);
  return value;
}

export function optionalString(body: Body, property: string, resource: string): string | null | undefined {
  const value = body[property];
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string') badRequest(`Invalid value specified for property '${property}' of resource '${resource}'.`);
  return value;
}

export function optionalStringArray(body: Body, property: string, resource: string): string[] | undefined {
  const value = body[property];
  if (value === undefined || value === null) return value === null ? [] : undefined;
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    badRequest(`Invalid value specified for property '${property}' of resource '${resource}'.`);
  }
  return value;
}

export function rejectUnknownProperties(body: Body, allowed: ReadonlySet<string>): void {
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata.') || key.includes('@odata.bind')) continue;
    if (!allowed.has(key)) badRequest(`Property '${key}' does not exist as a declared property or extension property.`);
  }
}

const UPN_LOCAL = /^[A-Za-z0-9'._!#^~-]+$/;

/** Checks a UPN's shape and that its domain is one of the tenant's verified domains. */
export function validateUpn(state: TenantState, upn: string): void {
  const at = upn.lastIndexOf('@');
  const local = upn.slice(0, at);
  const domain = upn.slice(at + 1);
  if (at <= 0 || upn.trim() !== upn || !UPN_LOCAL.test(local) || local.startsWith('.') || local.endsWith('.')) {
    badRequest('Property userPrincipalName is invalid.', [{ code: 'InvalidValue', target: 'userPrincipalName' }]);
  }
  if (domain.toLowerCase() !== state.info.domain.toLowerCase()) {
    badRequest(
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
      [{ code: 'InvalidValue', target: 'userPrincipalName' }],
    );
  }
}

export function ensureUpnFree(state: TenantState, upn: string, exceptId?: string): void {
  const owner = state.upnIndex.get(upn.toLowerCase()) ?? state.addressIndex.get(upn.toLowerCase());
  if (owner !== undefined && owner !== exceptId) {
    badRequest('Another object with the same value for property userPrincipalName already exists.', [
      { code: 'ObjectConflict', target: 'userPrincipalName' },
    ]);
  }
}

/** Entra's default password policy: 8–256 characters and three of the four character classes. */
export function validatePassword(password: unknown): void {
  const complexity = (): never =>
    badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
  if (typeof password !== 'string') return complexity();
  if (password.length < 8 || password.length > 256) return complexity();
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) complexity();
}
