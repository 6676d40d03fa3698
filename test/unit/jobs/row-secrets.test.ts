import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newJobRowOf, plannedRowOf } from '../../../src/engine/job-rows';
import type { NewJobRow } from '../../../src/jobs/job-model';
import { openSecret, sealSecret, useJobDataKey } from '../../../src/jobs/row-secrets';
import type { RowPlan } from '../../../src/operations/bulk-operation';

const PASSWORD = 'Tr0ub4dor&3-unique-7f1c';

function createUserPlan(): RowPlan {
  return {
    rowIndex: 0,
    line: 4,
    input: { displayName: 'Alain Charon', userPrincipalName: 'alain@contoso.com' },
    label: 'Alain Charon (alain@contoso.com)',
    outcome: 'ready',
    note: 'will be created',
    work: { displayName: 'Alain Charon', userPrincipalName: 'alain@contoso.com', mailNickname: 'alain', password: PASSWORD, accountEnabled: 'true' },
  };
}

function readBack(row: NewJobRow, index = 0): RowPlan {
  return plannedRowOf({ index, ...row });
}

describe('secrets in job rows', () => {
  it('stores the initial password only sealed, and gives it back when the row is read to run', () => {
    useJobDataKey(randomBytes(32));
    const stored = newJobRowOf(createUserPlan());
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(stored.plan.work).toMatchObject({ userPrincipalName: 'alain@contoso.com', password: expect.stringMatching(/^sealed:v1:/) });
    const read = readBack(stored);
    expect(read).toMatchObject({ outcome: 'ready', line: 4, work: { password: PASSWORD, mailNickname: 'alain' } });
  });

  it('seals the same password differently each time (fresh nonce)', () => {
    useJobDataKey(randomBytes(32));
    expect(sealSecret(PASSWORD)).not.toBe(sealSecret(PASSWORD));
  });

  it('fails the row with a reason, and sends nothing, when the key changed', () => {
    useJobDataKey(randomBytes(32));
    const stored = newJobRowOf(createUserPlan());
    useJobDataKey(randomBytes(32));
    const read = readBack(stored);
    expect(read.outcome).toBe('fail');
    expect(read.work).toBeUndefined();
    expect(read.note).toContain('job data key this bot no longer has');
    expect(read.note).toContain('Run this row again from your CSV file');
  });

  it('opens rows sealed under a previous key after a rotation, and seals new ones under the new key', () => {
    const oldKey = randomBytes(32);
    useJobDataKey(oldKey);
    const before = newJobRowOf(createUserPlan());
    const newKey = randomBytes(32);
    useJobDataKey(newKey, [oldKey]);
    expect(readBack(before).work?.password).toBe(PASSWORD);
    const after = newJobRowOf(createUserPlan());
    useJobDataKey(newKey);
    expect(readBack(after).work?.password).toBe(PASSWORD);
    expect(readBack(before).outcome).toBe('fail');
  });

  it('refuses a sealed value that was altered', () => {
    useJobDataKey(randomBytes(32));
    const sealed = sealSecret(PASSWORD);
    const body = sealed.slice(sealed.lastIndexOf(':') + 1);
    const flipped = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    const tampered = `${sealed.slice(0, sealed.lastIndexOf(':') + 1)}${flipped}`;
    expect(openSecret(tampered)).toEqual({ ok: false, reason: expect.stringContaining('integrity check') });
    expect(openSecret('sealed:v1:broken')).toEqual({ ok: false, reason: expect.stringContaining('damaged') });
  });

  it('refuses a password stored in clear text instead of sending it', () => {
    const stored = newJobRowOf(createUserPlan());
    const read = readBack({ ...stored, plan: { ...stored.plan, work: { ...stored.plan.work, password: PASSWORD } } });
    expect(read.outcome).toBe('fail');
    expect(read.note).toContain('not stored encrypted');
  });

  it('rejects a key of the wrong length', () => {
    expect(() => useJobDataKey(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('leaves rows without secrets as they were', () => {
    const plan: RowPlan = { rowIndex: 2, input: { objectId: 'x' }, label: 'Adele', outcome: 'ready', note: '', work: { id: 'x' } };
    expect(readBack(newJobRowOf(plan), 2)).toEqual(plan);
  });
});
