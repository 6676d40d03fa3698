import { describe, expect, it } from 'vitest';
import { COMMAND_CATALOG } from '../../../src/bot/command-catalog';
import { BULK_CATALOGUE, BULK_KINDS, csvKindFor, operationFor, secretFieldsOf } from '../../../src/operations/catalogue';
import { csvKinds } from '../../../src/operations/csv-kinds';
import { ROLE_ABILITIES } from '../../../src/operations/role-abilities';

describe('the catalogue of bulk kinds', () => {
  it('lists each kind under its operation’s own kind', () => {
    for (const kind of BULK_KINDS) expect(operationFor(kind).kind).toBe(kind);
  });

  it('gives every kind but purge a CSV format of its own, in catalogue order', () => {
    expect(csvKinds).toEqual(['restore', 'invite', 'create-users', 'delete-users', 'update-users', 'add-group-members', 'remove-group-members']);
    expect(csvKindFor('purge')).toBe('restore');
  });

  it('puts every kind in chat help with its own wording', () => {
    for (const kind of BULK_KINDS) expect(COMMAND_CATALOG).toContainEqual({ intent: kind, ...BULK_CATALOGUE[kind].chat });
  });

  it('declares the initial password as create-users’ only secret', () => {
    expect([...secretFieldsOf('create-users')]).toEqual(['password']);
    for (const kind of BULK_KINDS.filter((k) => k !== 'create-users')) expect(secretFieldsOf(kind).size).toBe(0);
  });

  it("says what a role allows from the operations' own role requirements", () => {
    expect(ROLE_ABILITIES.guestInviter).toBe('Invite guests.');
    expect(ROLE_ABILITIES.groupsAdministrator).toBe('Restore groups; permanently delete groups; change group membership; delete groups.');
    expect(ROLE_ABILITIES.globalAdministrator).toBe('Everything this bot does.');
  });
});
