import { SlidingWindow } from './sliding-window';

export type TenantSize = 'S' | 'M' | 'L';

export interface ThrottleRequest {
  appId: string;
  tenantId: string;
  kind: 'read' | 'write' | 'invitation';
  /** Resource units, from `requestCost`. */
  cost: number;
}

export type ThrottleDecision =
  | { allowed: true; headers: Record<string, string> }
  | {
      allowed: false;
      /** Whole seconds, at least 1: what `Retry-After` carries. */
      retryAfterSeconds: number;
      /** The exact wait on the (scaled) clock; also sent as `x-ms-sandbox-retry-after-ms`. */
      retryAfterMs: number;
      headers: Record<string, string>;
      scope: string;
      reason: string;
    };

export interface ThrottleOptions {
  tenantSize: TenantSize;
  /** k > 0: every window is k times shorter, so Retry-After values are k times shorter too. */
  timeScale: number;
  enabled: boolean;
}

type BudgetScope = 'Tenant_Application' | 'Tenant' | 'Application';
type BudgetLimit = 'ReadWrite' | 'Write';

interface BudgetRule {
  id: string;
  scope: BudgetScope;
  limitKind: BudgetLimit;
  limit: number;
  windowSeconds: number;
  information: string;
  appliesTo: (kind: ThrottleRequest['kind']) => boolean;
  amount: (request: ThrottleRequest) => number;
  key: (request: ThrottleRequest) => string;
  /** A refused request still logs its resource units ("Graph continues to log resource usage while throttled"). */
  chargedWhenRefused: boolean;
}

export const RESOURCE_UNITS_PER_10S: Record<TenantSize, number> = { S: 3_500, M: 5_000, L: 8_000 };

const isWrite = (kind: ThrottleRequest['kind']): boolean => kind === 'write' || kind === 'invitation';

// Identity and access service limits (graph-api.md §5.2, §3).
function budgetRules(size: TenantSize): BudgetRule[] {
  const ru = (r: ThrottleRequest): number => r.cost;
  const one = (): number => 1;
  return [
    {
      id: 'app-tenant-ru',
      scope: 'Tenant_Application',
      limitKind: 'ReadWrite',
      limit: RESOURCE_UNITS_PER_10S[size],
      windowSeconds: 10,
      information: 'ResourceUnitLimitExceeded',
      appliesTo: () => true,
      amount: ru,
      key: (r) => `${r.appId}|${r.tenantId}`,
      chargedWhenRefused: true,
    },
    {
      id: 'app-tenant-writes',
      scope: 'Tenant_Application',
      limitKind: 'Write',
      limit: 3_000,
      windowSeconds: 150,
      information: 'WriteLimitExceeded',
      appliesTo: isWrite,
      amount: one,
      key: (r) => `${r.appId}|${r.tenantId}`,
      chargedWhenRefused: false,
    },
    {
      id: 'tenant-writes',
      scope: 'Tenant',
      limitKind: 'Write',
      limit: 18_000,
      windowSeconds: 300,
      information: 'WriteLimitExceeded',
      appliesTo: isWrite,
      amount: one,
      key: (r) => r.tenantId,
      chargedWhenRefused: false,
    },
    {
      id: 'app-ru',
      scope: 'Application',
      limitKind: 'ReadWrite',
      limit: 150_000,
      windowSeconds: 20,
      information: 'ResourceUnitLimitExceeded',
      appliesTo: () => true,
      amount: ru,
      key: (r) => r.appId,
      chargedWhenRefused: true,
    },
    {
      id: 'app-writes',
      scope: 'Application',
      limitKind: 'Write',
      limit: 35_000,
      windowSeconds: 300,
      information: 'WriteLimitExceeded',
      appliesTo: isWrite,
      amount: one,
      key: (r) => r.appId,
      chargedWhenRefused: false,
    },
    {
      id: 'tenant-invitations',
      scope: 'Tenant',
      limitKind: 'Write',
      limit: 150,
      windowSeconds: 5,
      information: 'InvitationLimitExceeded',
      appliesTo: (kind) => kind === 'invitation',
      amount: one,
      key: (r) => r.tenantId,
      chargedWhenRefused: false,
    },
  ];
}

const PERCENTAGE_THRESHOLD = 0.8;
const PERCENTAGE_CAP = 1.8;

export class ThrottleGovernor {
  private readonly rules: BudgetRule[];
  private readonly windows = new Map<string, SlidingWindow>();

  constructor(
    private readonly options: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.timeScale > 0)) throw new RangeError(`timeScale must be greater than 0, got ${options.timeScale}`);
    this.rules = budgetRules(options.tenantSize);
  }

  charge(request: ThrottleRequest): ThrottleDecision {
    const headers: Record<string, string> = { 'x-ms-resource-unit': String(request.cost) };
    if (!this.options.enabled) return { allowed: true, headers };

    const now = this.now();
    const applicable = this.rules
      .filter((rule) => rule.appliesTo(request.kind))
      .map((rule) => ({ rule, window: this.windowFor(rule, request), amount: rule.amount(request) }));

    if (applicable.every((entry) => entry.window.msUntilFits(now, entry.amount) === 0)) {
      for (const entry of applicable) entry.window.add(now, entry.amount);
      const percentage = Math.max(...applicable.map((e) => e.window.usage(now) / e.rule.limit));
      if (percentage >= PERCENTAGE_THRESHOLD) headers['x-ms-throttle-limit-percentage'] = formatPercentage(percentage);
      return { allowed: true, headers };
    }

    const percentage = Math.max(...applicable.map((e) => (e.window.usage(now) + e.amount) / e.rule.limit));
    for (const entry of applicable) {
      if (entry.rule.chargedWhenRefused) entry.window.add(now, entry.amount);
    }
    // Measured after logging the refused units, so a client that waits exactly Retry-After gets through.
    const worst = applicable
      .map((entry) => ({ rule: entry.rule, waitMs: entry.window.msUntilFits(now, entry.amount) }))
      .reduce((a, b) => (b.waitMs > a.waitMs ? b : a));
    const retryAfterMs = Math.ceil(worst.waitMs);
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const scope = `${worst.rule.scope}/${worst.rule.limitKind}/${request.appId}/${request.tenantId}`;
    headers['Retry-After'] = String(retryAfterSeconds);
    headers['x-ms-sandbox-retry-after-ms'] = String(retryAfterMs);
    headers['x-ms-throttle-scope'] = scope;
    headers['x-ms-throttle-information'] = worst.rule.information;
    headers['x-ms-throttle-limit-percentage'] = formatPercentage(percentage);
    return { allowed: false, retryAfterSeconds, retryAfterMs, headers, scope, reason: worst.rule.information };
  }

  private windowFor(rule: BudgetRule, request: ThrottleRequest): SlidingWindow {
    const key = `${rule.id}|${rule.key(request)}`;
    let window = this.windows.get(key);
    if (window === undefined) {
      window = new SlidingWindow(rule.limit, (rule.windowSeconds * 1000) / this.options.timeScale);
      this.windows.set(key, window);
    }
    return window;
  }
}

function formatPercentage(value: number): string {
  return Math.min(PERCENTAGE_CAP, Math.floor(value * 10) / 10).toFixed(1);
}
