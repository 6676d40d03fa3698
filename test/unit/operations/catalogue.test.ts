import { describe, expect, it } from 'vitest';
import { COMMAND_CATALOG } from '../../../src/bot/command-catalog';
import { BULK_CATALOGUE, BULK_KINDS, csvKindFor, operationFor, planValidatedRows, secretFieldsOf } from '../../../src/operations/catalogue';
import type { PlanContext } from '../../../src/operations/bulk-operation';
import { csvKinds } from '../../../src/operations/csv-kinds';
import { heldRoleCheck } from '../../../src/operations/directory-roles';
import { ROLE_ABILITIES } from '../../../src/operations/role-abilities';

describe('the catalogue of bulk kinds', () => {
  it('lists each kind under its operation’s own kind', () => {
    for (const kind of BULK_KINDS) expect(operationFor(kind).kind).toBe(kind);
  });

  it('gives every kind but purge a CSV format of its own, in catalogue order', () => {
    expect(csvKinds).toEqual(['restore', 'invite', 'create-users', 'delete-users', 'add-group-members', 'remove-group-members']);
    expect(csvKindFor('purge')).toBe('restore');
  });

  it('puts every kind in chat help with its own wording', () => {
    for (const kind of BULK_KINDS) expect(COMMAND_CATALOG).toContainEqual({ intent: kind, ...BULK_CATALOGUE[kind].chat });
  });

  it('declares the initial password as create-users’ only secret', () => {
    expect([...secretFieldsOf('create-users')]).toEqual(['password']);
    for (const kind of BULK_KINDS.filter((k) => k !== 'create-users')) expect(secretFieldsOf(kind).size).toBe(0);
  });

  it('leaves secrets out of the row values echoed in the results file', async () => {
    let input: Record<string, string> | undefined;
    const operation = operationFor('create-users');
    const plan = operation.plan;
    operation.plan = async (rows) => {
      input = rows[0]?.input;
      return { kind: 'create-users', rows: [], roleCheck: heldRoleCheck('User Administrator'), notices: [] };
    };
    try {
      const row = { displayName: 'Alain Charon', userPrincipalName: 'alain@contoso.com', password: 'Password1!', accountEnabled: true };
      const validation = { kind: 'create-users', valid: [{ line: 2, value: row }], errors: [], warnings: [], duplicates: [], exampleRows: [], totalRows: 1 };
      await planValidatedRows('create-users', validation, {} as PlanContext);
    } finally {
      operation.plan = plan;
    }
    expect(input).toEqual({ displayName: 'Alain Charon', userPrincipalName: 'alain@contoso.com', accountEnabled: 'true' });
  });

  it("says what a role allows from the operations' own role requirements", () => {
    expect(ROLE_ABILITIES.guestInviter).toBe('Invite guests.');
    expect(ROLE_ABILITIES.groupsAdministrator).toBe('Restore groups; permanently delete groups; change group membership.');
    expect(ROLE_ABILITIES.globalAdministrator).toBe('Everything this bot does.');
  });
});
