import { describe, expect, it } from 'vitest';
import {
  buildChooseObjectCard,
  buildDeletedListCard,
  buildErrorCard,
  buildHelpCard,
  buildJobPausedCard,
  buildJobsListCard,
  buildNotYoursCard,
  buildSignInNeededCard,
  buildUnknownCommandCard,
  buildValidationSummaryCard,
  buildWhoamiCard,
  MAX_DELETED_ROWS,
  type DeletedItemView,
} from '../../../src/cards';
import { allNodes, factRows, nodesOfType, pressableActions, textBlocks } from './card-inspect';
import {
  groupObserver,
  sampleChoose,
  sampleDeleted,
  sampleError,
  sampleHelp,
  sampleJobs,
  samplePaused,
  sampleSignIn,
  sampleUnknown,
  sampleValidation,
  sampleWhoami,
} from './sample-views';

describe('help card', () => {
  it('lists each command with description and example, escaping the usage brackets', () => {
    const texts = textBlocks(buildHelpCard(sampleHelp));
    expect(texts).toContain('restore <name | UPN | mail | object id> [as <new UPN>]');
    expect(texts).toContain('e.g. restore Adele Vance');
    expect(texts).toContain('e.g. create users (attach the CSV to your message)');
  });

  it('points file commands to personal chat when asked in a group', () => {
    expect(textBlocks(buildHelpCard({ ...sampleHelp, isPersonalChat: false }))).toContain('e.g. create users (attach the CSV in a personal chat with me)');
  });

  it('has at most 4 quick buttons that send the command as typed text', () => {
    const actions = pressableActions(buildHelpCard(sampleHelp));
    expect(actions).toHaveLength(4);
    expect(actions[0]).toEqual({ type: 'Action.Submit', title: 'jobs', data: { verb: 'run-command', command: 'jobs', msteams: { type: 'imBack', value: 'jobs' } } });
  });
});

describe('unknown command card', () => {
  it('suggests the closest command with a button that sends it', () => {
    const card = buildUnknownCommandCard(sampleUnknown);
    expect(textBlocks(card)).toContain('Did you mean **restore Adele Vance**?');
    expect(pressableActions(card)[0]).toEqual({
      type: 'Action.Submit',
      title: 'Run: restore Adele Vance',
      data: { verb: 'run-command', command: 'restore Adele Vance', msteams: { type: 'imBack', value: 'restore Adele Vance' } },
    });
  });

  it('shows examples when nothing is close, and quotes what was typed as text', () => {
    const card = buildUnknownCommandCard({ text: '**hi** <i>', examples: ['jobs', 'whoami'] });
    const texts = textBlocks(card);
    expect(texts).toContain('You wrote “**hi** <i>”.');
    expect(texts).toEqual(expect.arrayContaining(['• jobs', '• whoami']));
    expect(pressableActions(card).map((a) => a.title)).toEqual(['Show all commands']);
  });
});

describe('validation summary card', () => {
  it('gives counts, the first problems with line numbers, and points to the full list', () => {
    const texts = textBlocks(buildValidationSummaryCard(sampleValidation));
    expect(texts).toContain('3 of 120 rows need fixing');
    expect(texts).toEqual(expect.arrayContaining(['120', '117', '3', 'Line 14', 'User name [userPrincipalName]', 'Line 88']));
    expect(texts).toContain('The full list is also in **new-hires-november-errors.csv**.');
  });

  it('caps the problems shown and counts the rest', () => {
    const problems = Array.from({ length: 40 }, (_, i) => ({ line: i + 2, message: `bad ${i}` }));
    const card = buildValidationSummaryCard({ ...sampleValidation, problems, problemCount: 57, invalidRows: 40 });
    expect(textBlocks(card).filter((t) => t.startsWith('Line '))).toHaveLength(10);
    expect(textBlocks(card)).toContain('and 47 more problems in **new-hires-november-errors.csv**.');
  });

  it('says when every row is fine', () => {
    const card = buildValidationSummaryCard({ ...sampleValidation, validRows: 120, invalidRows: 0, problems: [], problemCount: 0, errorFile: undefined });
    expect(textBlocks(card)).toContain('All 120 rows look right');
    expect(textBlocks(card)).not.toContain('Problems');
  });
});

describe('choose-object card', () => {
  it('shows type, UPN, mail, deleted date and days left, with one button per candidate carrying its id', () => {
    const card = buildChooseObjectCard(sampleChoose);
    const texts = textBlocks(card);
    expect(texts).toContain('2 matches for “Megan Bowen”');
    expect(texts).toEqual(expect.arrayContaining(['UPN: megan.bowen@fabrikam.com', 'Mail: megan@fabrikam.com', 'Deleted {{DATE(2026-10-28T08:00:00Z, SHORT)}}', '4 days left']));
    const choices = pressableActions(card).filter((a) => a.verb === 'choose-object');
    expect(choices.map((a) => a.data)).toEqual([
      { cardToken: 'nonce-choose', objectId: '11111111-1111-1111-1111-111111111111' },
      { cardToken: 'nonce-choose', objectId: '22222222-2222-2222-2222-222222222222' },
    ]);
    const fourDays = nodesOfType(card, 'TextBlock').find((n) => n.text === '4 days left');
    expect(fourDays?.color).toBe('warning');
  });

  it('does not repeat the mail when it equals the UPN', () => {
    expect(textBlocks(buildChooseObjectCard(sampleChoose))).not.toContain('Mail: MeganB@contoso.com');
  });

  it('lets only the initiator choose in a group', () => {
    const card = buildChooseObjectCard({ ...sampleChoose, audience: groupObserver });
    expect(pressableActions(card)).toEqual([]);
    expect(textBlocks(card)).toContain('Only Megan Bowen can choose.');
  });
});

describe('deleted list card', () => {
  it('lists items with days left coloured under a week and a Restore button per row', () => {
    const card = buildDeletedListCard(sampleDeleted);
    const days = nodesOfType(card, 'TextBlock').filter((n) => String(n.text).endsWith('left'));
    expect(days.map((n) => [n.text, n.color])).toEqual([
      ['27 days left', 'default'],
      ['4 days left', 'warning'],
      ['less than a day left', 'attention'],
    ]);
    expect(pressableActions(card).map((a) => a.data)).toEqual(sampleDeleted.items.map((i) => ({ cardToken: 'nonce-deleted', objectId: i.objectId })));
  });

  it('caps the rows and says how to narrow the list', () => {
    const items: DeletedItemView[] = Array.from({ length: 40 }, (_, i) => ({ ...sampleDeleted.items[0]!, objectId: `id-${i}` }));
    const card = buildDeletedListCard({ ...sampleDeleted, items, totalCount: 83 });
    expect(pressableActions(card)).toHaveLength(MAX_DELETED_ROWS);
    expect(textBlocks(card)).toContain(`Showing ${MAX_DELETED_ROWS} of 83 items. To narrow it down, type “deleted users megan bowen”.`);
  });

  it('has no Restore buttons when the viewer cannot restore', () => {
    expect(pressableActions(buildDeletedListCard({ ...sampleDeleted, canRestore: false }))).toEqual([]);
  });

  it('says when the recycle bin has nothing matching', () => {
    expect(textBlocks(buildDeletedListCard({ ...sampleDeleted, items: [], totalCount: 0 }))).toContain('Nothing in the recycle bin matching “megan”.');
  });
});

describe('jobs list card', () => {
  it('shows each job with state and progress, and opens its status when selected', () => {
    const card = buildJobsListCard(sampleJobs);
    const texts = textBlocks(card);
    expect(texts).toContain('3 jobs, 1 in progress');
    expect(texts).toEqual(expect.arrayContaining(['Running', '420/1,000 (42%) · 15 failed', 'Finished', 'Waiting for OK']));
    const selects = allNodes(card)
      .map((n) => n.selectAction as { data?: { command?: string } } | undefined)
      .filter((a) => a !== undefined);
    expect(selects.map((a) => a.data?.command)).toEqual(['status 7KQ2', 'status P3ZX', 'status Q9AA']);
  });

  it('says when there are no jobs', () => {
    expect(textBlocks(buildJobsListCard({ heading: 'Your jobs', jobs: [], totalCount: 0 })).some((t) => t.startsWith('No jobs yet.'))).toBe(true);
  });
});

describe('whoami, sign-in, paused, error and not-yours cards', () => {
  it('whoami lists roles and what each allows here', () => {
    const texts = textBlocks(buildWhoamiCard(sampleWhoami));
    expect(texts).toEqual(expect.arrayContaining(['Megan Bowen', 'MeganB@contoso.com · Contoso', 'Your admin roles (2)', 'Groups Administrator']));
    expect(texts).toContain('User.ReadWrite.All, Group.ReadWrite.All, Directory.ReadWrite.All');
  });

  it('whoami explains having no role', () => {
    const texts = textBlocks(buildWhoamiCard({ ...sampleWhoami, roles: [] }));
    expect(texts.some((t) => t.startsWith('You hold no active Entra admin role'))).toBe(true);
  });

  it('sign-in uses Action.Execute by default and an https URL when given, never another scheme', () => {
    expect(pressableActions(buildSignInNeededCard(sampleSignIn))).toEqual([
      { type: 'Action.Execute', title: 'Sign in', verb: 'sign-in', data: { cardToken: 'nonce-sign', jobId: 'job-7f3c2a' }, associatedInputs: 'none' },
    ]);
    expect(pressableActions(buildSignInNeededCard({ ...sampleSignIn, signInUrl: 'https://login.microsoftonline.com/x' }))).toEqual([
      { type: 'Action.OpenUrl', title: 'Sign in', url: 'https://login.microsoftonline.com/x' },
    ]);
    expect(pressableActions(buildSignInNeededCard({ ...sampleSignIn, signInUrl: 'javascript:alert(1)' }))[0]?.type).toBe('Action.Execute');
  });

  it('paused says why and what resumes it; Resume only when a person can resume', () => {
    const card = buildJobPausedCard(samplePaused);
    expect(textBlocks(card)).toEqual(expect.arrayContaining([samplePaused.why, 'It resumes by itself when Graph allows more requests.']));
    expect(pressableActions(card).map((a) => a.verb)).toEqual(['cancel-job']);
    expect(pressableActions(buildJobPausedCard({ ...samplePaused, canResume: true })).map((a) => a.verb)).toEqual(['resume-job', 'cancel-job']);
  });

  it('error shows the reason, what to do, and support details without raw JSON', () => {
    const card = buildErrorCard(sampleError);
    expect(textBlocks(card)).toEqual(expect.arrayContaining(['AdeleV@contoso.com is already used by an active user.', 'What you can do']));
    expect(factRows(card)).toEqual([
      { title: 'Code', value: 'Request_BadRequest' },
      { title: 'Request id', value: '6c1f1a0e-7a43-4d3f-9d5d-0a7a1b2c3d4e' },
      { title: 'Time', value: '{{DATE(2026-11-23T09:02:00Z, SHORT)}} {{TIME(2026-11-23T09:02:00Z)}}' },
    ]);
    expect(nodesOfType(buildErrorCard({ title: 'x', message: 'y' }), 'FactSet')).toEqual([]);
  });

  it('not-yours names who can act', () => {
    const card = buildNotYoursCard({ initiatorName: 'Megan Bowen', what: 'confirm or cancel this job', jobLabel: '7KQ2' });
    expect(textBlocks(card)).toEqual(expect.arrayContaining(['Job 7KQ2', 'Only Megan Bowen can confirm or cancel this job.']));
    expect(pressableActions(card)).toEqual([]);
  });
});

describe('validation summary for an unusable file', () => {
  it('leads with the file problem rather than row counts', () => {
    const card = buildValidationSummaryCard({
      ...sampleValidation,
      validRows: 0,
      invalidRows: 0,
      problems: [],
      problemCount: 0,
      fileProblems: ['The column User name [userPrincipalName] is missing. Download the template with “template create users”.'],
    });
    const texts = textBlocks(card);
    expect(texts).toContain("This file can't be used as it is");
    expect(texts).toContain('The column User name [userPrincipalName] is missing. Download the template with “template create users”.');
  });
});
