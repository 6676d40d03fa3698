export interface CostInput {
  method: string;
  /** Path with or without the `/v1.0` prefix, without the query string. */
  path: string;
  query: URLSearchParams;
}

const GUID_OR_KEY = '[^/]+';

// Base costs of identity GETs from throttling-limits ("Identity and access service limits"); anything else is 1.
const READ_COSTS: { pattern: RegExp; cost: number }[] = [
  { pattern: new RegExp(`^/users(/${GUID_OR_KEY})?$`), cost: 2 },
  { pattern: new RegExp(`^/applications(/${GUID_OR_KEY})?$`), cost: 2 },
  { pattern: new RegExp(`^/groups/${GUID_OR_KEY}/members(/.*)?$`), cost: 3 },
  { pattern: new RegExp(`^/groups/${GUID_OR_KEY}/transitivemembers(/.*)?$`), cost: 5 },
  { pattern: /^\/subscribedskus$/, cost: 3 },
  // "A cost that applies to me/... also applies to users/{id}/..."
  { pattern: new RegExp(`^/(me|users/${GUID_OR_KEY})/(memberof|transitivememberof|licensedetails)(/.*)?$`), cost: 2 },
];

function hasOption(query: URLSearchParams, name: string): boolean {
  for (const key of query.keys()) {
    const normalized = key.toLowerCase();
    if (normalized === `$${name}` || normalized === name) return true;
  }
  return false;
}

function optionValue(query: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of query) {
    const normalized = key.toLowerCase();
    if (normalized === `$${name}` || normalized === name) return value;
  }
  return undefined;
}

/** Resource units one request costs, per the identity-and-access cost table and its modifiers (never below 1). */
export function requestCost(input: CostInput): number {
  const method = input.method.toUpperCase();
  const path = input.path
    .replace(/^\/?v1\.0(?=\/|$)/i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  const normalized = path.startsWith('/') ? path : `/${path}`;

  let cost: number;
  if (method === 'POST' && /^\/directoryobjects\/(getbyids|getobjectsbyid)$/.test(normalized)) {
    return hasOption(input.query, 'select') ? 2 : 5;
  } else if (method !== 'GET' && method !== 'HEAD') {
    return 1;
  } else {
    cost = READ_COSTS.find((entry) => entry.pattern.test(normalized))?.cost ?? 1;
  }
  if (hasOption(input.query, 'select')) cost -= 1;
  if (hasOption(input.query, 'expand')) cost += 1;
  const top = Number(optionValue(input.query, 'top'));
  if (Number.isInteger(top) && top > 0 && top < 20) cost -= 1;
  return Math.max(1, cost);
}

export function isWriteMethod(method: string): boolean {
  return ['POST', 'PATCH', 'PUT', 'DELETE'].includes(method.toUpperCase());
}
