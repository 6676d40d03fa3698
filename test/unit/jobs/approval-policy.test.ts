import { describe, expect, it } from 'vitest';
import { approvalRequired, describeApprovalPolicy, parseApprovalPolicy } from '../../../src/jobs/approval-policy';
import type { ApprovalPolicy } from '../../../src/jobs/approval-policy';
import { BULK_KINDS } from '../../../src/operations/catalogue';

function policyOf(text: string): ApprovalPolicy {
  const parsed = parseApprovalPolicy(text, BULK_KINDS);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.policy;
}

function errorsOf(text: string): string[] {
  const parsed = parseApprovalPolicy(text, BULK_KINDS);
  if (parsed.ok) throw new Error(`expected errors for ${text}`);
  return parsed.errors;
}

describe('parseApprovalPolicy', () => {
  it('reads kind>N entries separated by commas, spaces and case forgiven', () => {
    expect(policyOf(' Delete-Users > 10 ,purge>0, create-users>200')).toEqual([
      { kind: 'delete-users', moreThan: 10 },
      { kind: 'purge', moreThan: 0 },
      { kind: 'create-users', moreThan: 200 },
    ]);
  });

  it.each(['', '   ', 'off', 'OFF', 'none'])('reads %j as no policy', (text) => {
    expect(policyOf(text)).toEqual([]);
  });

  it('names an unknown kind and lists the kinds there are', () => {
    const [error] = errorsOf('delete-user>10');
    expect(error).toBe(`APPROVAL_POLICY entry 'delete-user>10': 'delete-user' is not a job kind; use one of ${BULK_KINDS.join(', ')}`);
  });

  it.each([
    ['delete-users>=10', "'=10' is not a whole number of rows"],
    ['delete-users>-1', "'-1' is not a whole number of rows"],
    ['delete-users>ten', "'ten' is not a whole number of rows"],
    ['delete-users>1.5', "'1.5' is not a whole number of rows"],
  ])('refuses the count in %s and says how to write it', (text, expected) => {
    const [error] = errorsOf(text);
    expect(error).toContain(`APPROVAL_POLICY entry '${text}'`);
    expect(error).toContain(expected);
    expect(error).toContain('write delete-users>0 to cover every delete-users job');
  });

  it.each(['delete-users', 'delete-users<10', '>10', 'delete-users 10'])('refuses %j as not of the form kind>N', (text) => {
    const [error] = errorsOf(text);
    expect(error).toBe(`APPROVAL_POLICY entry '${text}' is not of the form kind>N (rows strictly more than N need a second approval): write it as e.g. delete-users>10`);
  });

  it('reports every bad entry at once, a kind named twice and an empty entry included', () => {
    const errors = errorsOf('purge>0,, purge>3, nonsense, restore>x');
    expect(errors).toHaveLength(4);
    expect(errors[0]).toContain('empty entry');
    expect(errors[1]).toBe("APPROVAL_POLICY names purge twice ('purge>3'): keep one purge>N entry");
    expect(errors[2]).toContain("entry 'nonsense'");
    expect(errors[3]).toContain("entry 'restore>x'");
  });
});

describe('approvalRequired', () => {
  const policy = policyOf('delete-users>10, purge>0');

  it('covers jobs of strictly more rows than the rule says', () => {
    expect(approvalRequired(policy, 'delete-users', 10)).toBe(false);
    expect(approvalRequired(policy, 'delete-users', 11)).toBe(true);
    expect(approvalRequired(policy, 'purge', 0)).toBe(false);
    expect(approvalRequired(policy, 'purge', 1)).toBe(true);
  });

  it('leaves kinds the policy does not name alone, and everything when it is off', () => {
    expect(approvalRequired(policy, 'restore', 5000)).toBe(false);
    expect(approvalRequired([], 'delete-users', 5000)).toBe(false);
  });

  it('describes itself as an admin writes it', () => {
    expect(describeApprovalPolicy(policy)).toBe('delete-users>10, purge>0');
    expect(describeApprovalPolicy([])).toBe('off');
  });
});
