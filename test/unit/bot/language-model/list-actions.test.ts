import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/bot/command-parser';
import type { ParsedCommand } from '../../../../src/bot/command-parser';
import { COMMAND_ACTIONS } from '../../../../src/bot/language-model/command-actions';
import { commandText } from '../../../../src/bot/language-model/command-text';
import { jsonSchemaOf } from '../../../../src/bot/language-model/json-schema';
import { FOREIGN_TARGET_MESSAGE, readProposal } from '../../../../src/bot/language-model/read-proposal';

const propose = (message: string, action: string, parameters: unknown) => readProposal(message, [{ action, parameters }]);

describe('commandText for the grammar\'s lists and newer intents', () => {
  const commands: [ParsedCommand, string][] = [
    [{ intent: 'restore', targets: ['Adele Vance', 'Megan Bowen'], reconcileProxy: false }, 'restore Adele Vance, Megan Bowen'],
    [{ intent: 'restore', targets: ['Sales', 'Marketing'], objectType: 'group', reconcileProxy: true }, 'restore groups Sales, Marketing and reconcile proxy addresses'],
    [{ intent: 'invite', emails: ['ana@fabrikam.com', 'bo@fabrikam.com'], sendEmail: false }, 'invite ana@fabrikam.com, bo@fabrikam.com no email'],
    [{ intent: 'delete-users', targets: ['Adele Vance', 'bob@contoso.com'] }, 'delete users Adele Vance, bob@contoso.com'],
    [{ intent: 'add-to-group', members: ['Adele Vance', 'Megan Bowen'], group: 'Sales' }, 'add Adele Vance, Megan Bowen to Sales'],
    [{ intent: 'remove-from-group', members: ['Adele Vance'], group: 'Sales and Marketing' }, 'remove Adele Vance from Sales and Marketing'],
    [{ intent: 'update-user', target: 'Adele Vance', property: 'jobTitle', value: 'Engineer' }, 'set job title of Adele Vance to Engineer'],
    [{ intent: 'update-user', target: 'Adele Vance', property: 'physicalDeliveryOfficeName', value: 'Building 4' }, 'set office of Adele Vance to Building 4'],
    [{ intent: 'members-question', group: 'Sales' }, 'who are the members of Sales'],
    [{ intent: 'undo' }, 'undo'],
    [{ intent: 'undo', last: true }, 'undo my last job'],
    [{ intent: 'undo', job: 'job-42-x' }, 'undo job-42-x'],
  ];
  it.each(commands)('%j is typed as "%s"', (command, typed) => {
    expect(commandText(command)).toBe(typed);
    expect(parseCommand(typed)).toEqual(command);
  });
});

describe('the list actions the model is offered', () => {
  it('take at most as many names as a typed message may hold', () => {
    const restore = COMMAND_ACTIONS.find((action) => action.name === 'restore-several');
    const schema = restore ? jsonSchemaOf(restore.args) : undefined;
    expect(schema?.required).toEqual(['targets']);
    expect(schema?.properties?.targets).toMatchObject({ type: 'array', minItems: 1, maxItems: 20 });
    const names = Array.from({ length: 21 }, (_, index) => `User ${index}`);
    expect(propose(`restore ${names.join(' ')}`, 'restore-several', { targets: names })).toMatchObject({ kind: 'not-understood' });
  });
});

describe('readProposal of the list actions and newer intents', () => {
  const cases: [string, string, unknown, ParsedCommand, string][] = [
    [
      'could you get both Adele Vance and Megan Bowen back from the bin',
      'restore-several',
      { targets: ['Adele Vance', 'Megan Bowen'] },
      { intent: 'restore', targets: ['Adele Vance', 'Megan Bowen'], reconcileProxy: false },
      'restore Adele Vance, Megan Bowen',
    ],
    ['please bring Adele Vance back', 'restore-several', { targets: ['Adele Vance'] }, { intent: 'restore', target: 'Adele Vance', reconcileProxy: false }, 'restore Adele Vance'],
    [
      'send guest invites to ana@fabrikam.com and bo@fabrikam.com',
      'invite-several',
      { emails: ['ana@fabrikam.com', 'bo@fabrikam.com'] },
      { intent: 'invite', emails: ['ana@fabrikam.com', 'bo@fabrikam.com'], sendEmail: true },
      'invite ana@fabrikam.com, bo@fabrikam.com',
    ],
    [
      'get rid of Adele Vance and Megan Bowen accounts',
      'delete-several-users',
      { targets: ['Adele Vance', 'Megan Bowen'] },
      { intent: 'delete-users', targets: ['Adele Vance', 'Megan Bowen'] },
      'delete users Adele Vance, Megan Bowen',
    ],
    [
      'put Adele Vance and Megan Bowen in the Sales group',
      'add-to-group',
      { members: ['Adele Vance', 'Megan Bowen'], group: 'Sales' },
      { intent: 'add-to-group', members: ['Adele Vance', 'Megan Bowen'], group: 'Sales' },
      'add Adele Vance, Megan Bowen to Sales',
    ],
    [
      'take Megan Bowen out of Sales',
      'remove-from-group',
      { members: ['Megan Bowen'], group: 'Sales' },
      { intent: 'remove-from-group', members: ['Megan Bowen'], group: 'Sales' },
      'remove Megan Bowen from Sales',
    ],
    [
      'Adele Vance is an Engineer now, fix her title',
      'update-user',
      { target: 'Adele Vance', property: 'jobTitle', value: 'Engineer' },
      { intent: 'update-user', target: 'Adele Vance', property: 'jobTitle', value: 'Engineer' },
      'set job title of Adele Vance to Engineer',
    ],
    ['roll back whatever I did last', 'undo', { last: true }, { intent: 'undo', last: true }, 'undo my last job'],
    ['please reverse job a1b2c3d4', 'undo', { job: 'a1b2c3d4' }, { intent: 'undo', job: 'a1b2c3d4' }, 'undo a1b2c3d4'],
    ['tell me who is in Sales', 'members-question', { group: 'Sales' }, { intent: 'members-question', group: 'Sales' }, 'who are the members of Sales'],
  ];
  it.each(cases)('"%s" with %s %j is read as the typed command', (message, action, parameters, command, text) => {
    expect(propose(message, action, parameters)).toEqual({ kind: 'command', command, text });
  });

  it('refuses a list with one name the admin did not write', () => {
    const message = 'could you get both Adele Vance and Megan Bowen back from the bin';
    for (const [action, parameters] of [
      ['restore-several', { targets: ['Adele Vance', 'Megan Bowen', 'Emily Braun'] }],
      ['restore-several', { targets: ['Adele Vance', 'Megan Bowen-Smith'] }],
      ['delete-several-users', { targets: ['Adele Vance', 'Megan Bowen', 'Debra Berger'] }],
      ['invite-several', { emails: ['adele@contoso.com'] }],
      ['add-to-group', { members: ['Adele Vance', 'Megan Bowen'], group: 'Global Admins' }],
      ['remove-from-group', { members: ['Adele Vance', 'Lee Gu'], group: 'bin' }],
      ['update-user', { target: 'Adele Vance', property: 'department', value: 'Finance' }],
      ['undo', { job: 'abc123' }],
      ['members-question', { group: 'Sales' }],
    ] as const) {
      expect(propose(message, action, parameters), `${action} ${JSON.stringify(parameters)}`).toEqual({ kind: 'refused', action, message: FOREIGN_TARGET_MESSAGE });
    }
  });

  it('does not use a list whose typed form the grammar reads differently', () => {
    // "Sales and Marketing" typed in a list would split into two names: not the command proposed.
    expect(propose('restore Sales and Marketing and Finance', 'restore-several', { targets: ['Sales and Marketing', 'Finance'] })).toMatchObject({ kind: 'not-understood' });
    expect(propose('undo job a1b2c3d4, my last one', 'undo', { job: 'a1b2c3d4', last: false })).toMatchObject({ kind: 'command', text: 'undo a1b2c3d4' });
    expect(propose('restore Adele, Megan', 'restore-several', { targets: [] })).toMatchObject({ kind: 'not-understood' });
  });
});
