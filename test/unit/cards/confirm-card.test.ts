import { describe, expect, it } from 'vitest';
import { buildConfirmCard, needsTypedCount, type ConfirmView } from '../../../src/cards';
import { nodesOfType, pressableActions, textBlocks, validateWithSdk } from './card-inspect';
import { groupInitiator, groupObserver, sampleConfirm, sampleDestructiveConfirm } from './sample-views';

function typedCountInput(view: ConfirmView) {
  return nodesOfType(buildConfirmCard(view), 'Input.Text').find((n) => n.id === 'typedCount');
}

describe('confirm card', () => {
  it('shows the dry-run outcome counts and the first rows', () => {
    const texts = textBlocks(buildConfirmCard(sampleConfirm));
    expect(texts).toEqual(expect.arrayContaining(['28', 'will be restored', '2', 'need a new UPN (the old one is taken)']));
    expect(texts).toEqual(expect.arrayContaining(['First 2 rows', 'Adele Vance', 'User · AdeleV@contoso.com', 'and 28 more rows']));
  });

  it('states the role check', () => {
    expect(textBlocks(buildConfirmCard(sampleConfirm))).toContain('You hold User Administrator, which allows this.');
    const missing = buildConfirmCard({ ...sampleConfirm, roleCheck: { status: 'missing', neededRoles: ['User Administrator', 'Global Administrator'] } });
    expect(textBlocks(missing).some((t) => t.startsWith("You don't hold a role that allows this (User Administrator or Global Administrator)"))).toBe(true);
    const advisory = buildConfirmCard({ ...sampleConfirm, roleCheck: { status: 'advisory', text: "I couldn't confirm your role (custom role 'Restore Operators'); Graph will decide for each row." } });
    expect(textBlocks(advisory)).toContain("I couldn't confirm your role (custom role 'Restore Operators'); Graph will decide for each row.");
    expect(textBlocks(advisory).some((t) => t.startsWith('You hold'))).toBe(false);
  });

  it('offers the new-UPN input and the proxy toggle as labelled options', () => {
    const card = buildConfirmCard(sampleConfirm);
    expect(nodesOfType(card, 'Input.Text').find((n) => n.id === 'newUserPrincipalName')).toMatchObject({
      label: 'New user principal name',
      value: 'AlexW2@contoso.com',
      isRequired: false,
    });
    expect(nodesOfType(card, 'Input.Toggle').find((n) => n.id === 'autoReconcileProxyConflict')).toMatchObject({
      value: 'false',
      valueOn: 'true',
      valueOff: 'false',
    });
  });

  it('leaves the options out when the kind has none', () => {
    const card = buildConfirmCard({ ...sampleConfirm, options: undefined });
    expect(nodesOfType(card, 'Input.Text')).toEqual([]);
    expect(nodesOfType(card, 'Input.Toggle')).toEqual([]);
    expect(textBlocks(card)).not.toContain('Options');
  });

  it('has Confirm sending the inputs and Cancel that ignores them, both with job id and token', () => {
    const actions = pressableActions(buildConfirmCard(sampleConfirm));
    expect(actions).toEqual([
      { type: 'Action.Execute', title: 'Restore 30 users', verb: 'confirm-job', data: { jobId: 'job-7f3c2a', cardToken: 'nonce-abc123' }, associatedInputs: 'auto' },
      { type: 'Action.Execute', title: 'Cancel', verb: 'cancel-job', data: { jobId: 'job-7f3c2a', cardToken: 'nonce-abc123' }, associatedInputs: 'none' },
    ]);
  });

  it('has no Confirm, no options and no count to type when no row can run: only Cancel', () => {
    const { confirmLabel: _none, ...view } = sampleDestructiveConfirm;
    const card = buildConfirmCard({ ...view, options: sampleConfirm.options });
    expect(pressableActions(card).map((a) => a.verb)).toEqual(['cancel-job']);
    expect(nodesOfType(card, 'Input.Text')).toEqual([]);
    expect(nodesOfType(card, 'Input.Toggle')).toEqual([]);
  });

  it('makes destructive jobs above the threshold type the exact row count', async () => {
    const card = buildConfirmCard(sampleDestructiveConfirm);
    expect(typedCountInput(sampleDestructiveConfirm)).toEqual({
      type: 'Input.Text',
      id: 'typedCount',
      label: 'Type 250 to confirm',
      placeholder: '250',
      isRequired: true,
      regex: '^250$',
      errorMessage: 'Type the number of rows, 250, exactly to confirm.',
      maxLength: 12,
    });
    expect(new RegExp('^250$').test('250')).toBe(true);
    expect(new RegExp('^250$').test('25')).toBe(false);
    expect(pressableActions(card).find((a) => a.verb === 'cancel-job')?.associatedInputs).toBe('none');
    expect((await validateWithSdk(card)).validation).toEqual([]);
  });

  it('does not ask for the count at or below the threshold, nor for non-destructive kinds', () => {
    expect(typedCountInput({ ...sampleDestructiveConfirm, rowCount: 10, typedCountThreshold: 10 })).toBeUndefined();
    expect(typedCountInput({ ...sampleDestructiveConfirm, rowCount: 11, typedCountThreshold: 10 })).toBeDefined();
    expect(typedCountInput({ ...sampleConfirm, rowCount: 5000 })).toBeUndefined();
    expect(needsTypedCount({ destructive: true, rowCount: 11 })).toBe(true);
    expect(needsTypedCount({ destructive: true, rowCount: 10 })).toBe(false);
  });

  it('in a group shows others a read-only card naming who can act, refreshing for the initiator', () => {
    const card = buildConfirmCard({ ...sampleDestructiveConfirm, audience: groupObserver });
    // The one button asks for the initiator's view, for clients that do not refresh on their own.
    expect(pressableActions(card)).toEqual([{ type: 'Action.Execute', verb: 'refresh-job', title: "Show Megan Bowen's options", associatedInputs: 'none', data: { cardToken: 'nonce-abc123', jobId: 'job-7f3c2a' } }]);
    expect(nodesOfType(card, 'Input.Text')).toEqual([]);
    expect(textBlocks(card)).toContain('Only Megan Bowen can confirm or cancel this job.');
    expect(card.refresh).toMatchObject({ userIds: ['29:1megan-bowen-mri'], action: { verb: 'refresh-job' } });
  });

  it('gives the initiator in a group the full card', () => {
    const card = buildConfirmCard({ ...sampleDestructiveConfirm, audience: groupInitiator });
    expect(pressableActions(card).map((a) => a.verb)).toEqual(['confirm-job', 'cancel-job']);
    expect(typedCountInput({ ...sampleDestructiveConfirm, audience: groupInitiator })).toBeDefined();
  });

  it('shows supplied names as plain text runs, never markdown, and keeps button titles as plain text', () => {
    const card = buildConfirmCard({
      ...sampleConfirm,
      sampleRows: [{ title: '<b>x</b> [y](https://evil)', outcome: 'will be restored', tone: 'good' }],
      confirmLabel: 'Restore **now**\n please',
    });
    expect(textBlocks(card)).toContain('<b>x</b> [y](https://evil)');
    expect(nodesOfType(card, 'TextBlock').map((t) => String(t.text)).join('\n')).not.toContain('https://evil');
    expect(pressableActions(card)[0]?.title).toBe('Restore **now** please');
  });
});
