import type { AdaptiveCardJson } from './adaptive-card-json';
import { expandCardTemplate } from './card-template';
import { escapeCardLine } from './escape-card-text';

export interface HeldRoleView {
  /** e.g. "User Administrator". */
  name: string;
  /** What it lets them do with this bot, e.g. "Restore, create and delete users; invite guests." */
  canDo: string;
}

export interface WhoamiView {
  displayName: string;
  userPrincipalName: string;
  tenantName?: string;
  roles: readonly HeldRoleView[];
  /** Delegated scopes in the current token, e.g. ["User.ReadWrite.All"]. */
  scopes?: readonly string[];
}

export function buildWhoamiCard(view: WhoamiView): AdaptiveCardJson {
  const tenant = view.tenantName === undefined || view.tenantName === '' ? '' : ` · ${escapeCardLine(view.tenantName, 80)}`;
  const scopes = view.scopes ?? [];
  return expandCardTemplate('whoami', {
    name: escapeCardLine(view.displayName, 100),
    account: `${escapeCardLine(view.userPrincipalName, 120)}${tenant}`,
    actingText:
      'I act as you: every change is made with your own token and roles, and the Entra audit log shows your name.',
    rolesHeading: view.roles.length === 0 ? 'Admin roles' : `Your admin roles (${view.roles.length})`,
    roles: view.roles.map((r) => ({ name: escapeCardLine(r.name, 80), canDo: escapeCardLine(r.canDo, 300) })),
    hasNoRoles: view.roles.length === 0,
    noRolesText:
      'You hold no active Entra admin role that I use, so Microsoft Graph will refuse changes. If a role is eligible for you in Privileged Identity Management, activate it and try again.',
    hasScopes: scopes.length > 0,
    scopesText: scopes.map((s) => escapeCardLine(s, 60)).join(', '),
  });
}
