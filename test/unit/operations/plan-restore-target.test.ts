import { describe, expect, it } from 'vitest';
import type { RowPlan } from '../../../src/operations/bulk-operation';
import { restoreChoiceChange } from '../../../src/operations/plan-restore-target';

function plannedRow(work: Record<string, string>): RowPlan {
  return { rowIndex: 0, input: { objectId: 'b1c2' }, label: 'Adele Vance', outcome: 'attention', note: 'needs a new user name', needs: 'newUserPrincipalName', work: { id: 'b1c2', ...work } };
}

describe('what a restore card changes', () => {
  it('changes nothing when the card repeats what the command asked for, or leaves the box blank', () => {
    expect(restoreChoiceChange(plannedRow({ newUserPrincipalName: 'adele2@contoso.com' }), { newUserPrincipalName: ' ' })).toEqual({ changed: false });
    expect(restoreChoiceChange(plannedRow({ autoReconcileProxyConflict: 'true' }), { autoReconcileProxyConflict: false })).toEqual({ changed: false });
  });

  it('replaces the user name typed on the card and keeps reconciliation once asked for', () => {
    expect(restoreChoiceChange(plannedRow({ autoReconcileProxyConflict: 'true' }), { newUserPrincipalName: ' adele2@contoso.com ' })).toEqual({
      changed: true,
      objectId: 'b1c2',
      choices: { newUserPrincipalName: 'adele2@contoso.com', reconcileProxy: true },
    });
  });

  it('adds reconciliation ticked on the card', () => {
    expect(restoreChoiceChange(plannedRow({}), { autoReconcileProxyConflict: true })).toEqual({ changed: true, objectId: 'b1c2', choices: { reconcileProxy: true } });
  });
});
