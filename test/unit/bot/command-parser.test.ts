import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, parseCommand } from '../../../src/bot/command-parser';
import type { ParsedCommand } from '../../../src/bot/command-parser';

const recognised: Array<[string, ParsedCommand]> = [
  ['help', { intent: 'help' }],
  ['Help', { intent: 'help' }],
  ['HELP!', { intent: 'help' }],
  ['?', { intent: 'help' }],
  ['what can you do?', { intent: 'help' }],
  ['hi', { intent: 'help' }],
  ['<at>Entra Bulk Admin</at> help', { intent: 'help' }],
  ['please help', { intent: 'help' }],
  ['restore Adele Vance', { intent: 'restore', target: 'Adele Vance', reconcileProxy: false }],
  ['Restore adele vance', { intent: 'restore', target: 'adele vance', reconcileProxy: false }],
  ['please restore Adele Vance', { intent: 'restore', target: 'Adele Vance', reconcileProxy: false }],
  ['can you please restore Adele Vance?', { intent: 'restore', target: 'Adele Vance', reconcileProxy: false }],
  ['restore the user Adele Vance please', { intent: 'restore', target: 'Adele Vance', objectType: 'user', reconcileProxy: false }],
  ['restore the deleted user Adele Vance', { intent: 'restore', target: 'Adele Vance', objectType: 'user', reconcileProxy: false }],
  ['restore user AdeleV@contoso.onmicrosoft.com', { intent: 'restore', target: 'AdeleV@contoso.onmicrosoft.com', objectType: 'user', reconcileProxy: false }],
  ['restore 5b1a0c3e-1111-4222-8333-944444444444', { intent: 'restore', target: '5b1a0c3e-1111-4222-8333-944444444444', reconcileProxy: false }],
  ['restore "Megan Bowen"', { intent: 'restore', target: 'Megan Bowen', reconcileProxy: false }],
  ['restore group Sales Team', { intent: 'restore', target: 'Sales Team', objectType: 'group', reconcileProxy: false }],
  ['restore app Expense Tracker', { intent: 'restore', target: 'Expense Tracker', objectType: 'application', reconcileProxy: false }],
  ['restore service principal Expense Tracker', { intent: 'restore', target: 'Expense Tracker', objectType: 'servicePrincipal', reconcileProxy: false }],
  ['restore admin unit Seattle', { intent: 'restore', target: 'Seattle', objectType: 'administrativeUnit', reconcileProxy: false }],
  ['restore Alain Charon as alain.charon2@contoso.com', { intent: 'restore', target: 'Alain Charon', newUserPrincipalName: 'alain.charon2@contoso.com', reconcileProxy: false }],
  ['restore Alain Charon reconcile proxy', { intent: 'restore', target: 'Alain Charon', reconcileProxy: true }],
  ['restore Alain Charon as alain2@contoso.com and reconcile proxy', { intent: 'restore', target: 'Alain Charon', newUserPrincipalName: 'alain2@contoso.com', reconcileProxy: true }],
  ['restore Alain Charon with proxy reconciliation', { intent: 'restore', target: 'Alain Charon', reconcileProxy: true }],
  ['undelete Adele Vance', { intent: 'restore', target: 'Adele Vance', reconcileProxy: false }],
  ['recover Adele Vance', { intent: 'restore', target: 'Adele Vance', reconcileProxy: false }],
  ['restore', { intent: 'restore', reconcileProxy: false }],
  ['restore users', { intent: 'restore', objectType: 'user', reconcileProxy: false }],
  ['deleted', { intent: 'list-deleted' }],
  ['deleted users', { intent: 'list-deleted', objectType: 'user' }],
  ['show deleted users', { intent: 'list-deleted', objectType: 'user' }],
  ['list deleted groups', { intent: 'list-deleted', objectType: 'group' }],
  ['deleted apps', { intent: 'list-deleted', objectType: 'application' }],
  ['deleted service principals', { intent: 'list-deleted', objectType: 'servicePrincipal' }],
  ['deleted admin units', { intent: 'list-deleted', objectType: 'administrativeUnit' }],
  ['deleted users megan', { intent: 'list-deleted', objectType: 'user', search: 'megan' }],
  ['deleted Megan Bowen', { intent: 'list-deleted', search: 'Megan Bowen' }],
  ['show the recycle bin', { intent: 'list-deleted' }],
  ['deleted items', { intent: 'list-deleted' }],
  ['purge Debra Berger', { intent: 'purge', target: 'Debra Berger' }],
  ['permanently delete user Debra Berger', { intent: 'purge', target: 'Debra Berger', objectType: 'user' }],
  ['purge 5b1a0c3e-1111-4222-8333-944444444444', { intent: 'purge', target: '5b1a0c3e-1111-4222-8333-944444444444' }],
  // Names that merely start with a quantifier word are names.
  ['purge All Company DL', { intent: 'purge', target: 'All Company DL' }],
  ['purge Allan Deyoung', { intent: 'purge', target: 'Allan Deyoung' }],
  ['purge Everything Team', { intent: 'purge', target: 'Everything Team' }],
  ['invite ana@fabrikam.com', { intent: 'invite', email: 'ana@fabrikam.com', sendEmail: true }],
  ['Invite ana@fabrikam.com.', { intent: 'invite', email: 'ana@fabrikam.com', sendEmail: true }],
  ['invite ana@fabrikam.com name Ana Souza', { intent: 'invite', email: 'ana@fabrikam.com', displayName: 'Ana Souza', sendEmail: true }],
  ['invite ana@fabrikam.com no email', { intent: 'invite', email: 'ana@fabrikam.com', sendEmail: false }],
  ['invite ana@fabrikam.com redirect https://myapps.microsoft.com', { intent: 'invite', email: 'ana@fabrikam.com', redirectUrl: 'https://myapps.microsoft.com', sendEmail: true }],
  [
    'invite ana@fabrikam.com name Ana Souza redirect https://contoso.sharepoint.com message "Welcome, Ana! See you Monday." no email',
    { intent: 'invite', email: 'ana@fabrikam.com', displayName: 'Ana Souza', redirectUrl: 'https://contoso.sharepoint.com', message: 'Welcome, Ana! See you Monday.', sendEmail: false },
  ],
  ['invite ana@fabrikam.com message “Hello there”', { intent: 'invite', email: 'ana@fabrikam.com', message: 'Hello there', sendEmail: true }],
  ['invite', { intent: 'invite', sendEmail: true }],
  ['invite guests', { intent: 'invite', sendEmail: true }],
  ['download users', { intent: 'export-users' }],
  ['Download Users', { intent: 'export-users' }],
  ['export users', { intent: 'export-users' }],
  ['download all users', { intent: 'export-users' }],
  ['download users guests', { intent: 'export-users', userType: 'Guest' }],
  ['download guests', { intent: 'export-users', userType: 'Guest' }],
  ['download guest users', { intent: 'export-users', userType: 'Guest' }],
  ['download members', { intent: 'export-users', userType: 'Member' }],
  ['download users where department is Sales', { intent: 'export-users', where: { property: 'department', value: 'Sales' } }],
  ['download users where job title is "Marketing Assistant"', { intent: 'export-users', where: { property: 'jobTitle', value: 'Marketing Assistant' } }],
  ['download users members where city = Seattle', { intent: 'export-users', userType: 'Member', where: { property: 'city', value: 'Seattle' } }],
  [
    'download users columns displayName, department, manager, assignedLicenses, lastSignInDateTime',
    { intent: 'export-users', columns: ['displayName', 'department', 'manager', 'assignedLicenses', 'lastSignInDateTime'] },
  ],
  ['download users columns DISPLAYNAME,officelocation id', { intent: 'export-users', columns: ['displayName', 'physicalDeliveryOfficeName', 'objectId'] }],
  ['download users with columns displayName and mail', { intent: 'export-users', columns: ['displayName', 'mail'] }],
  ['download guests columns displayName, mail', { intent: 'export-users', userType: 'Guest', columns: ['displayName', 'mail'] }],
  [
    'download users columns displayName, manager where department is Sales',
    { intent: 'export-users', columns: ['displayName', 'manager'], where: { property: 'department', value: 'Sales' } },
  ],
  [
    'download members where department is "Columns Team" columns displayName, proxyAddresses',
    { intent: 'export-users', userType: 'Member', columns: ['displayName', 'proxyAddresses'], where: { property: 'department', value: 'Columns Team' } },
  ],
  ['download groups', { intent: 'export-groups' }],
  ['export all groups', { intent: 'export-groups' }],
  ['download members of Sales Team', { intent: 'export-group-members', group: 'Sales Team' }],
  ['download members of the group "Mark 8 Project Team"', { intent: 'export-group-members', group: 'Mark 8 Project Team' }],
  ['export users in group Retail', { intent: 'export-group-members', group: 'Retail' }],
  ['add members to Sales Team', { intent: 'add-group-members', group: 'Sales Team' }],
  ['add users to the group Sales Team', { intent: 'add-group-members', group: 'Sales Team' }],
  ['import members into Retail', { intent: 'add-group-members', group: 'Retail' }],
  ['remove members from Sales Team', { intent: 'remove-group-members', group: 'Sales Team' }],
  ['create users', { intent: 'create-users' }],
  ['bulk create users', { intent: 'create-users' }],
  ['update users', { intent: 'update-users' }],
  ['bulk update users', { intent: 'update-users' }],
  ['delete users', { intent: 'delete-users' }],
  ['delete user adele@contoso.com', { intent: 'delete-users', target: 'adele@contoso.com' }],
  ['delete the user Adele Vance', { intent: 'delete-users', target: 'Adele Vance' }],
  ['restore my template', { intent: 'restore', target: 'my template', reconcileProxy: false }],
  ['template restore', { intent: 'template', kind: 'restore' }],
  ['template invite', { intent: 'template', kind: 'invite' }],
  ['template create users', { intent: 'template', kind: 'create-users' }],
  ['template update users', { intent: 'template', kind: 'update-users' }],
  ['template for delete users', { intent: 'template', kind: 'delete-users' }],
  ['template members', { intent: 'template', kind: 'group-members' }],
  ['send me the invite template', { intent: 'template', kind: 'invite' }],
  ['restore csv template', { intent: 'template', kind: 'restore' }],
  ['template', { intent: 'template' }],
  ['jobs', { intent: 'jobs' }],
  ['my jobs', { intent: 'jobs' }],
  ['show my jobs', { intent: 'jobs' }],
  ['status 7KQ2M', { intent: 'status', job: '7KQ2M' }],
  ['status of job 7KQ2M', { intent: 'status', job: '7KQ2M' }],
  ['status', { intent: 'status' }],
  ['approval 7KQ2M', { intent: 'approval', job: '7KQ2M' }],
  ['request approval for job 7KQ2M', { intent: 'approval', job: '7KQ2M' }],
  ['request a second approval 7KQ2M', { intent: 'approval', job: '7KQ2M' }],
  ['approval', { intent: 'approval' }],
  ['cancel 7KQ2M', { intent: 'cancel', job: '7KQ2M' }],
  ['stop job 7KQ2M', { intent: 'cancel', job: '7KQ2M' }],
  ['retry 7KQ2M', { intent: 'retry', job: '7KQ2M' }],
  ['retry failed rows of 7KQ2M', { intent: 'retry', job: '7KQ2M' }],
  ['whoami', { intent: 'whoami' }],
  ['who am I?', { intent: 'whoami' }],
  ['sign out', { intent: 'sign-out' }],
  ['logout', { intent: 'sign-out' }],
];

describe('parseCommand recognises', () => {
  it.each(recognised)('%s', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

const nearMisses: Array<[string, string | undefined]> = [
  ["don't restore Adele Vance", undefined],
  ['I deleted Adele by mistake, what now?', undefined],
  ['please do not purge anything', undefined],
  ['restoreAdele', undefined],
  ['the users were restored yesterday', undefined],
  ['who invited ana@fabrikam.com', undefined],
  ['export', undefined],
  ['download', undefined],
  ['jobsite', undefined],
  ['helpful', undefined],
  ['restor Adele Vance', 'restore Adele Vance'],
  ['resotre Megan Bowen', 'restore Megan Bowen'],
  ['invte ana@fabrikam.com', 'invite ana@fabrikam.com'],
  ['downlaod users', 'download users'],
  ['delted users', 'deleted users'],
  ['hlep', 'help'],
  ['whoamii', 'whoami'],
];

describe('parseCommand does not act on near-misses', () => {
  it.each(nearMisses)('%s', (text, suggestion) => {
    const parsed = parseCommand(text);
    expect(parsed.intent).toBe('unknown');
    expect(parsed.intent === 'unknown' ? parsed.suggestion : 'n/a').toBe(suggestion);
  });
});

describe('parseCommand explains unusable arguments', () => {
  it.each([
    ['invite ana@@fabrikam.com', 'invite', '"ana@@fabrikam.com" is not an email address'],
    ['invite Ana Souza', 'invite', '"Ana Souza" is not an email address'],
    ['invite ana@fabrikam.com redirect http://contoso.com', 'invite', '"http://contoso.com" is not an https URL'],
    ['restore Alain as alain-at-contoso', 'restore', '"alain-at-contoso" is not a user principal name'],
    ['restore as alain2@contoso.com', 'restore', 'Say who to restore'],
    ['purge', 'purge', 'Say what to purge'],
    ['purge all', 'purge', 'To purge many objects'],
    ['purge everyone', 'purge', 'To purge many objects'],
    ['purge everything deleted', 'purge', 'To purge many objects'],
    ['purge *', 'purge', 'To purge many objects'],
    ['purge Meg*', 'purge', 'To purge many objects'],
    ['purge all users', 'purge', 'To purge many objects'],
    ['purge users all', 'purge', 'To purge many objects'],
    ['purge all of the deleted groups', 'purge', 'To purge many objects'],
    ['purge the whole recycle bin', 'purge', 'To purge many objects'],
    ['delete user all', 'delete-users', 'To delete many users'],
    ['delete user everybody', 'delete-users', 'To delete many users'],
    ['download users where shoe size is 9', 'download users', 'I can filter on one property'],
    ['download users where department', 'download users', 'I can filter on one property'],
    ['download users columns displayName, shoeSize', 'download users', 'I don\'t know the column "shoeSize". Columns: userPrincipalName, displayName'],
    ['download users columns foo bar where department is Sales', 'download users', 'the columns "foo", "bar"'],
    ['template payroll', 'template', 'I have no "payroll" template'],
    ['status ../../etc', 'status', '"../../etc" is not a job id'],
    ['approval ../../etc', 'approval', '"../../etc" is not a job id'],
  ])('%s', (text, command, message) => {
    const parsed = parseCommand(text);
    expect(parsed.intent).toBe('invalid');
    if (parsed.intent !== 'invalid') return;
    expect(parsed.command).toBe(command);
    expect(parsed.message).toContain(message);
  });

  it('refuses very long messages without trying to match them', () => {
    const parsed = parseCommand(`restore ${'a'.repeat(MAX_MESSAGE_LENGTH)}`);
    expect(parsed).toMatchObject({ intent: 'invalid', command: 'message' });
  });

  it('keeps markup in names as plain text for the cards to escape', () => {
    expect(parseCommand('restore <b>Adele</b> [x](https://evil.example)')).toEqual({
      intent: 'restore',
      target: '<b>Adele</b> [x](https://evil.example)',
      reconcileProxy: false,
    });
  });

  it('keeps RTL and emoji names intact', () => {
    expect(parseCommand('restore محمد علي')).toMatchObject({ target: 'محمد علي' });
    expect(parseCommand('restore Zoë 🚀 Müller')).toMatchObject({ target: 'Zoë 🚀 Müller' });
  });
});

describe('echoed text in replies', () => {
  it('is escaped so Teams shows what was typed instead of rendering it', () => {
    expect(parseCommand('status <b>x</b>')).toMatchObject({ intent: 'invalid', message: '"\\<b\\>x\\</b\\>" is not a job id. Type "jobs" to see your jobs and their ids.' });
    expect(parseCommand('invite [click](https://evil.example)')).toMatchObject({ intent: 'invalid' });
    const invite = parseCommand('invite [click](https://evil.example)');
    expect(invite.intent === 'invalid' ? invite.message : '').toContain('\\[click\\]');
  });
});
