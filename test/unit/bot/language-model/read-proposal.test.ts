import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/bot/command-parser';
import type { ParsedCommand } from '../../../../src/bot/command-parser';
import { COMMAND_ACTIONS } from '../../../../src/bot/language-model/command-actions';
import { commandText, readAsMessage } from '../../../../src/bot/language-model/command-text';
import { jsonSchemaOf } from '../../../../src/bot/language-model/json-schema';
import { FOREIGN_TARGET_MESSAGE, isMentioned, readProposal } from '../../../../src/bot/language-model/read-proposal';

const propose = (message: string, action: string, parameters: unknown) => readProposal(message, [{ action, parameters }]);

describe('commandText: the typed form of a command, read back by the grammar as the same command', () => {
  const commands: [ParsedCommand, string][] = [
    [{ intent: 'help' }, 'help'],
    [{ intent: 'whoami' }, 'whoami'],
    [{ intent: 'check-setup' }, 'check setup'],
    [{ intent: 'jobs' }, 'jobs'],
    [{ intent: 'status' }, 'status'],
    [{ intent: 'status', job: 'a1b2c3d4' }, 'status a1b2c3d4'],
    [{ intent: 'cancel', job: 'job-42-x' }, 'cancel job-42-x'],
    [{ intent: 'retry' }, 'retry'],
    [{ intent: 'list-deleted' }, 'deleted'],
    [{ intent: 'list-deleted', objectType: 'group', search: 'Sales' }, 'deleted groups named Sales'],
    [{ intent: 'list-deleted', search: 'Users of Contoso' }, 'deleted named Users of Contoso'],
    [{ intent: 'restore', target: 'Adele Vance', reconcileProxy: false }, 'restore Adele Vance'],
    [{ intent: 'restore', target: 'Sales', objectType: 'group', reconcileProxy: false }, 'restore groups Sales'],
    [{ intent: 'restore', target: 'Adele Vance', newUserPrincipalName: 'adele2@contoso.com', reconcileProxy: true }, 'restore Adele Vance as adele2@contoso.com and reconcile proxy addresses'],
    [{ intent: 'restore', target: 'Contoso App', objectType: 'servicePrincipal', reconcileProxy: false }, 'restore service principals Contoso App'],
    [{ intent: 'purge', target: 'Debra Berger' }, 'purge Debra Berger'],
    [{ intent: 'purge', target: 'Old Unit', objectType: 'administrativeUnit' }, 'purge admin units Old Unit'],
    [{ intent: 'invite', email: 'ana@fabrikam.com', sendEmail: true }, 'invite ana@fabrikam.com'],
    [
      { intent: 'invite', email: 'ana@fabrikam.com', displayName: 'Ana Souza', redirectUrl: 'https://myapps.microsoft.com', message: 'Welcome, Ana', sendEmail: false },
      'invite ana@fabrikam.com name Ana Souza redirect https://myapps.microsoft.com message "Welcome, Ana" no email',
    ],
    [{ intent: 'export-users' }, 'download users'],
    [{ intent: 'export-users', userType: 'Guest' }, 'download guest users'],
    [
      { intent: 'export-users', userType: 'Member', where: { property: 'jobTitle', value: 'Retail Manager' }, columns: ['displayName', 'mail'] },
      'download member users columns displayName, mail where job title is Retail Manager',
    ],
    [{ intent: 'export-users', where: { property: 'accountEnabled', value: 'false' } }, 'download users where enabled is false'],
    [{ intent: 'export-groups' }, 'download groups'],
    [{ intent: 'export-group-members', group: 'Sales and Marketing' }, 'download members of Sales and Marketing'],
    [{ intent: 'add-group-members', group: 'Sales and Marketing' }, 'add members to Sales and Marketing'],
    [{ intent: 'remove-group-members', group: 'Sales and Marketing' }, 'remove members from Sales and Marketing'],
    [{ intent: 'create-users' }, 'create users'],
    [{ intent: 'delete-users' }, 'delete users'],
    [{ intent: 'delete-users', target: 'bob@contoso.com' }, 'delete user bob@contoso.com'],
    [{ intent: 'update-users' }, 'update users'],
    [{ intent: 'template' }, 'template'],
    [{ intent: 'template', kind: 'group-members' }, 'template members'],
    [{ intent: 'template', kind: 'create-users' }, 'template create users'],
  ];
  it.each(commands)('%j is typed as "%s"', (command, typed) => {
    expect(commandText(command)).toBe(typed);
    expect(parseCommand(typed)).toEqual(command);
  });

  it('has no typed form for what is not a command', () => {
    expect(commandText({ intent: 'unknown', text: 'hmm' })).toBeUndefined();
    expect(commandText({ intent: 'invalid', command: 'restore', message: 'no' })).toBeUndefined();
  });

  it('echoes the reading as literal code, or escaped text when a backtick would end the code span', () => {
    expect(readAsMessage('restore Adele Vance')).toBe('I read this as: `restore Adele Vance`');
    expect(readAsMessage('restore a`b*c')).toBe('I read this as: restore a\\`b\\*c');
  });
});

describe('the actions the model is offered', () => {
  it('are one per command, named as the grammar names its intents, with a closed JSON schema each', () => {
    const names = COMMAND_ACTIONS.map((action) => action.name);
    expect(new Set(names).size).toBe(names.length);
    for (const action of COMMAND_ACTIONS) {
      expect(action.name).toMatch(/^[a-z-]{1,64}$/);
      const schema = jsonSchemaOf(action.args);
      expect(schema).toMatchObject({ type: 'object', additionalProperties: false });
    }
    expect(names).toEqual(expect.arrayContaining(['restore', 'purge', 'invite', 'export-users', 'export-groups', 'export-group-members', 'add-group-members', 'remove-group-members', 'jobs', 'status', 'cancel', 'help']));
  });

  it('derive their JSON schema from the zod shape that validates the arguments', () => {
    const restore = COMMAND_ACTIONS.find((action) => action.name === 'restore');
    const schema = restore ? jsonSchemaOf(restore.args) : undefined;
    expect(schema?.required).toEqual(['target']);
    expect(schema?.properties?.objectType).toMatchObject({ type: 'string', enum: ['user', 'group', 'application', 'servicePrincipal', 'administrativeUnit'] });
    expect(schema?.properties?.newUserPrincipalName).toMatchObject({ type: 'string', format: 'email' });
    expect(schema?.properties?.reconcileProxy).toMatchObject({ type: 'boolean' });
    expect(schema?.properties?.target?.description).toContain('exactly as the admin wrote it');
  });
});

describe('readProposal', () => {
  it('reads a proposal whose names are in the message as the command the grammar would read from its typed form', () => {
    expect(propose('could you possibly get Adele back from the bin', 'restore', { target: 'Adele' })).toEqual({
      kind: 'command',
      command: { intent: 'restore', target: 'Adele', reconcileProxy: false },
      text: 'restore Adele',
    });
    expect(propose('Send ANA@fabrikam.com an invite, call her Ana Souza', 'invite', { email: 'ana@fabrikam.com', displayName: 'Ana Souza' })).toMatchObject({
      kind: 'command',
      text: 'invite ana@fabrikam.com name Ana Souza',
    });
    expect(propose("what's going on with job a1b2c3d4?", 'status', { job: 'a1b2c3d4' })).toMatchObject({ kind: 'command', text: 'status a1b2c3d4' });
    expect(propose('I need a list of everybody in “Sales and Marketing”', 'export-group-members', { group: 'Sales and Marketing' })).toMatchObject({ kind: 'command' });
    expect(propose('give me a spreadsheet of the guests', 'export-users', { userType: 'Guest' })).toMatchObject({ kind: 'command', text: 'download guest users' });
    expect(propose('what do you do', 'help', {})).toMatchObject({ kind: 'command', text: 'help' });
  });

  it('refuses a proposal naming anything the admin did not write, however plausible', () => {
    const message = 'could you possibly get Adele back from the bin';
    for (const [action, parameters] of [
      ['restore', { target: 'Adele Vance' }],
      ['purge', { target: 'Megan Bowen' }],
      ['delete-users', { target: 'adele@contoso.com' }],
      ['restore', { target: 'Adele', newUserPrincipalName: 'attacker@evil.example' }],
      ['add-group-members', { group: 'Global Admins' }],
      ['cancel', { job: 'abc123' }],
      ['export-users', { where: { property: 'department', value: 'Finance' } }],
    ] as const) {
      expect(propose(message, action, parameters), `${action} ${JSON.stringify(parameters)}`).toEqual({ kind: 'refused', action, message: FOREIGN_TARGET_MESSAGE });
    }
  });

  it('does not use a proposal that is not exactly one known action with valid arguments', () => {
    const message = 'restore-ish Adele please';
    expect(readProposal(message, [])).toMatchObject({ kind: 'not-understood' });
    expect(readProposal(message, [{ action: 'restore', parameters: { target: 'Adele' } }, { action: 'jobs', parameters: {} }])).toMatchObject({ kind: 'not-understood' });
    expect(propose(message, 'delete_tenant', {})).toMatchObject({ kind: 'not-understood' });
    expect(propose(message, 'restore', { target: 42 })).toMatchObject({ kind: 'not-understood' });
    expect(propose(message, 'restore', {})).toMatchObject({ kind: 'not-understood' });
    expect(propose(message, 'restore', { target: 'Adele', confirmed: true })).toMatchObject({ kind: 'not-understood' });
    expect(propose(message, 'restore', { target: 'Adele', objectType: 'tenant' })).toMatchObject({ kind: 'not-understood' });
    expect(propose(message, 'restore', 'Adele')).toMatchObject({ kind: 'not-understood' });
    expect(propose(message, 'status', { job: 'a b' })).toMatchObject({ kind: 'not-understood' });
  });

  it('does not use a proposal whose typed form the grammar would read differently (an argument smuggled into a name)', () => {
    const message = 'restore-ish Adele as evil@x.example please';
    expect(propose(message, 'restore', { target: 'Adele as evil@x.example' })).toMatchObject({ kind: 'not-understood' });
    expect(propose('bring back Users of Sales', 'restore', { target: 'Users of Sales' })).toMatchObject({ kind: 'not-understood' });
  });

  it('says why without the message or the values', () => {
    const reading = propose('restore-ish Adele, secret-value-123', 'restore', { target: 'Adele', objectType: 'secret-value-123' });
    expect(reading.kind).toBe('not-understood');
    expect(JSON.stringify(reading)).not.toContain('secret-value-123');
  });
});

describe('isMentioned', () => {
  it('finds whole words, case, quotes, mentions and spacing aside', () => {
    expect(isMentioned('get <at>Entra Bulk Admin</at> ADELE  vance back', 'Adele Vance')).toBe(true);
    expect(isMentioned('restore "Sales &amp; Marketing"', 'Sales & Marketing')).toBe(true);
    expect(isMentioned('invite Bob@Contoso.com.', 'bob@contoso.com')).toBe(true);
    expect(isMentioned('restore Anne', 'Ann')).toBe(false);
    expect(isMentioned('restore jbob@contoso.com', 'bob@contoso.com')).toBe(false);
    expect(isMentioned('restore Adele', '')).toBe(false);
    expect(isMentioned('restore Adele', '   ')).toBe(false);
  });
});
