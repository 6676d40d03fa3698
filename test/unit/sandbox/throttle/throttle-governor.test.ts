import { describe, it, expect } from 'vitest';
import { ThrottleGovernor, type ThrottleDecision, type ThrottleOptions, type ThrottleRequest } from '../../../../src/sandbox/throttle/throttle-governor';

const APP = 'app-1';
const TENANT = 'tenant-1';

function governor(options: Partial<ThrottleOptions> = {}): { gov: ThrottleGovernor; clock: { now: number } } {
  const clock = { now: 0 };
  const gov = new ThrottleGovernor({ tenantSize: 'S', timeScale: 1, enabled: true, ...options }, () => clock.now);
  return { gov, clock };
}

const read = (cost = 1, appId = APP): ThrottleRequest => ({ appId, tenantId: TENANT, kind: 'read', cost });
const write = (appId = APP): ThrottleRequest => ({ appId, tenantId: TENANT, kind: 'write', cost: 1 });
const invite = (): ThrottleRequest => ({ appId: APP, tenantId: TENANT, kind: 'invitation', cost: 1 });

function chargeMany(gov: ThrottleGovernor, request: ThrottleRequest, times: number): ThrottleDecision[] {
  return Array.from({ length: times }, () => gov.charge(request));
}

function refused(decision: ThrottleDecision): Extract<ThrottleDecision, { allowed: false }> {
  if (decision.allowed) throw new Error('expected the request to be throttled');
  return decision;
}

describe('ThrottleGovernor: resource units per app+tenant per 10 s', () => {
  it.each([
    ['S', 3500],
    ['M', 5000],
    ['L', 8000],
  ] as const)('allows exactly %s-size budget of %i RU, then refuses with the documented headers', (tenantSize, limit) => {
    const { gov } = governor({ tenantSize });
    expect(chargeMany(gov, read(), limit).every((d) => d.allowed)).toBe(true);
    const decision = refused(gov.charge(read()));
    expect(decision.retryAfterSeconds).toBe(10);
    expect(decision.scope).toBe(`Tenant_Application/ReadWrite/${APP}/${TENANT}`);
    expect(decision.reason).toBe('ResourceUnitLimitExceeded');
    expect(decision.headers).toMatchObject({
      'Retry-After': '10',
      'x-ms-sandbox-retry-after-ms': '10000',
      'x-ms-throttle-scope': `Tenant_Application/ReadWrite/${APP}/${TENANT}`,
      'x-ms-throttle-information': 'ResourceUnitLimitExceeded',
      'x-ms-resource-unit': '1',
      'x-ms-throttle-limit-percentage': '1.0',
    });
  });

  it('rolls the window over: charges made 10 s ago no longer count', () => {
    const { gov, clock } = governor();
    chargeMany(gov, read(), 3500);
    clock.now = 9_999;
    expect(gov.charge(read()).allowed).toBe(false);
    clock.now = 10_000;
    expect(gov.charge(read()).allowed).toBe(true);
  });

  it('computes Retry-After from when enough units drop out of the window', () => {
    const { gov, clock } = governor();
    chargeMany(gov, read(2), 875);
    clock.now = 4_000;
    chargeMany(gov, read(2), 875);
    clock.now = 5_000;
    const decision = refused(gov.charge(read(2)));
    expect(decision.retryAfterMs).toBe(5_000);
    expect(decision.retryAfterSeconds).toBe(5);
  });

  it('logs the units of refused requests, yet a client that waits exactly Retry-After gets through', () => {
    const { gov, clock } = governor();
    gov.charge(read(1));
    clock.now = 1;
    gov.charge(read(3499));
    clock.now = 2;
    const decision = refused(gov.charge(read(1)));
    expect(decision.retryAfterMs).toBe(9_999);
    clock.now = 2 + decision.retryAfterMs;
    expect(gov.charge(read(1)).allowed).toBe(true);
  });

  it('keeps refusing a client that hammers instead of backing off', () => {
    const { gov, clock } = governor();
    chargeMany(gov, read(), 3500);
    for (let t = 0; t < 10_000; t += 100) {
      clock.now = t;
      expect(gov.charge(read(50)).allowed).toBe(false);
    }
    clock.now = 10_000;
    expect(gov.charge(read(1)).allowed).toBe(false);
  });

  it('weighs requests by their cost', () => {
    const { gov } = governor();
    expect(gov.charge(read(3499)).allowed).toBe(true);
    expect(gov.charge(read(2)).allowed).toBe(false);
    expect(gov.charge(read(1)).allowed).toBe(false);
  });

  it('keeps separate budgets per application', () => {
    const { gov } = governor();
    chargeMany(gov, read(), 3500);
    expect(gov.charge(read(1, APP)).allowed).toBe(false);
    expect(gov.charge(read(1, 'app-2')).allowed).toBe(true);
  });

  it('reports x-ms-throttle-limit-percentage from 80 % of a budget, and x-ms-resource-unit always', () => {
    const { gov } = governor();
    const decisions = chargeMany(gov, read(), 2800);
    expect(decisions[2798]?.headers).toEqual({ 'x-ms-resource-unit': '1' });
    expect(decisions[2799]?.headers).toEqual({ 'x-ms-resource-unit': '1', 'x-ms-throttle-limit-percentage': '0.8' });
    const nearlyFull = chargeMany(gov, read(), 350).at(-1);
    expect(nearlyFull?.headers['x-ms-throttle-limit-percentage']).toBe('0.9');
  });
});

describe('ThrottleGovernor: write budgets', () => {
  it('allows 3,000 writes per 150 s per app+tenant', () => {
    const { gov, clock } = governor({ tenantSize: 'L' });
    expect(chargeMany(gov, write(), 3000).every((d) => d.allowed)).toBe(true);
    const decision = refused(gov.charge(write()));
    expect(decision.scope).toBe(`Tenant_Application/Write/${APP}/${TENANT}`);
    expect(decision.reason).toBe('WriteLimitExceeded');
    expect(decision.retryAfterSeconds).toBe(150);
    clock.now = 150_000;
    expect(gov.charge(write()).allowed).toBe(true);
  });

  it('does not count a throttled write against the write budget', () => {
    const { gov, clock } = governor({ tenantSize: 'L' });
    chargeMany(gov, write(), 3000);
    clock.now = 100_000;
    expect(chargeMany(gov, write(), 50).some((d) => d.allowed)).toBe(false);
    clock.now = 150_000;
    expect(chargeMany(gov, write(), 3000).every((d) => d.allowed)).toBe(true);
    expect(gov.charge(write()).allowed).toBe(false);
  });

  it('caps a tenant at 18,000 writes per 5 minutes across applications', () => {
    const { gov, clock } = governor({ tenantSize: 'L' });
    for (let app = 0; app < 6; app += 1) {
      expect(chargeMany(gov, write(`app-${app}`), 3000).every((d) => d.allowed)).toBe(true);
    }
    const decision = refused(gov.charge(write('app-7')));
    expect(decision.scope).toBe(`Tenant/Write/app-7/${TENANT}`);
    expect(decision.retryAfterSeconds).toBe(300);
    clock.now = 300_000;
    expect(gov.charge(write('app-7')).allowed).toBe(true);
  });

  it('does not let reads use the write budget', () => {
    const { gov } = governor({ tenantSize: 'L' });
    chargeMany(gov, write(), 3000);
    expect(gov.charge(read()).allowed).toBe(true);
  });
});

describe('ThrottleGovernor: invitations', () => {
  it('allows 150 invitations per 5 s per tenant, and they are writes too', () => {
    const { gov, clock } = governor();
    expect(chargeMany(gov, invite(), 150).every((d) => d.allowed)).toBe(true);
    const decision = refused(gov.charge(invite()));
    expect(decision.reason).toBe('InvitationLimitExceeded');
    expect(decision.retryAfterSeconds).toBe(5);
    expect(gov.charge(write()).allowed).toBe(true);
    clock.now = 5_000;
    expect(gov.charge(invite()).allowed).toBe(true);
  });
});

describe('ThrottleGovernor: time scale', () => {
  it('divides every window and Retry-After by k', () => {
    const { gov, clock } = governor({ timeScale: 10 });
    chargeMany(gov, read(), 3500);
    const decision = refused(gov.charge(read()));
    expect(decision.retryAfterMs).toBe(1_000);
    expect(decision.headers['Retry-After']).toBe('1');
    clock.now = 1_000;
    expect(gov.charge(read()).allowed).toBe(true);
  });

  it('keeps fractional precision in x-ms-sandbox-retry-after-ms and rounds Retry-After up', () => {
    const { gov } = governor({ timeScale: 4, tenantSize: 'L' });
    chargeMany(gov, write(), 3000);
    const decision = refused(gov.charge(write()));
    expect(decision.headers['x-ms-sandbox-retry-after-ms']).toBe('37500');
    expect(decision.headers['Retry-After']).toBe('38');
  });

  it('never sends Retry-After below 1 second', () => {
    const { gov } = governor({ timeScale: 1000 });
    chargeMany(gov, read(), 3500);
    const decision = refused(gov.charge(read()));
    expect(decision.retryAfterMs).toBe(10);
    expect(decision.retryAfterSeconds).toBe(1);
  });

  it('rejects a non-positive time scale', () => {
    expect(() => governor({ timeScale: 0 })).toThrow(RangeError);
  });
});

describe('ThrottleGovernor: disabled', () => {
  it('never refuses but still reports the cost', () => {
    const { gov } = governor({ enabled: false });
    const decisions = chargeMany(gov, read(5), 2000);
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(decisions[0]?.headers).toEqual({ 'x-ms-resource-unit': '5' });
  });
});
