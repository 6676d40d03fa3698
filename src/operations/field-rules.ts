import { firstControlCharacter, showControlCharacters } from '../csv/control-characters';

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string; fix: string };

const ok = <T>(value: T): FieldCheck<T> => ({ ok: true, value });
const bad = (message: string, fix: string): FieldCheck<never> => ({ ok: false, message, fix });

/** A cell repeated in a message: one line, bounded, and with control characters (a terminal's escape sequences) made visible. */
export function quoted(value: string, max = 60): string {
  const oneLine = value.replace(/\r\n|\r|\n/g, '⏎');
  return `'${showControlCharacters(oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine)}'`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_EXAMPLE = '00aa00aa-bb11-cc22-dd33-44ee44ee44ee';

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function checkGuid(value: string): FieldCheck<string> {
  const v = value.startsWith('{') && value.endsWith('}') ? value.slice(1, -1) : value;
  if (GUID.test(v)) return ok(v.toLowerCase());
  const fix = 'copy the object ID again from the Entra admin center (it looks like ' + GUID_EXAMPLE + ')';
  if (v.includes('@')) {
    return bad(`${quoted(value)} is a user name or email, not an object ID`, 'put the object ID here, or put the user name in a column headed [userPrincipalName]');
  }
  if (/\s/.test(v)) return bad(`${quoted(value)} contains a space, which an object ID can't`, 'remove the space, or ' + fix);
  const wrongChar = /[^0-9a-f-]/i.exec(v);
  if (wrongChar) {
    return bad(`${quoted(value)} contains ${describeChar(wrongChar[0])}, which can't be in an object ID (only 0–9, a–f and dashes)`, fix);
  }
  const compact = v.replace(/-/g, '');
  if (compact.length === 32) {
    return bad(`${quoted(value)} has its dashes in the wrong places for an object ID`, `write it as 8-4-4-4-12 characters, like ${GUID_EXAMPLE}`);
  }
  return bad(`${quoted(value)} is not an object ID: it has ${compact.length} hex digits where an object ID has 32`, fix);
}

const UPN_LOCAL_ALLOWED = /^[A-Za-z0-9'.\-_!#^~]+$/;
const UPN_LOCAL_DISALLOWED = /[^A-Za-z0-9'.\-_!#^~]/u;
const DOMAIN = /^(?=.{1,253}$)[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)+$/u;
const ASCII_DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

// Zero-width spaces, joiners, soft hyphens, byte order marks and direction marks: pasted from web pages and chats, unseen.
const INVISIBLE = /\p{Cf}/u;
const INVISIBLE_OR_CONTROL = /[\p{Cf}\p{Cc}]/u;

/** An address that looks right but carries an invisible character would invite or look up someone else. */
function invisibleInAddress(value: string): FieldCheck<never> | undefined {
  const c = INVISIBLE_OR_CONTROL.exec(value)?.[0];
  return c === undefined ? undefined : bad(`${quoted(value)} contains ${describeChar(c)}`, 'retype the address by hand instead of pasting it');
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (c === '\t') return 'a tab character';
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return `an invisible control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  if (c === '\u00a0') return 'a non-breaking space';
  if (INVISIBLE.test(c)) return `an invisible character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  return `'${c}'`;
}

/** userPrincipalName for an account in this tenant: alias@domain with the characters Entra allows. */
export function checkUserPrincipalName(value: string): FieldCheck<string> {
  const example = 'alain@contoso.com';
  const space = /\s/u.exec(value)?.[0];
  if (space === '\t') return bad(`${quoted(value)} contains a tab character, which a user name can't have`, 'remove it');
  if (space !== undefined) {
    return bad(`${quoted(value)} contains a space, which a user name can't have`, 'remove the space (for example use a dot instead)');
  }
  const invisible = invisibleInAddress(value);
  if (invisible) return invisible;
  const at = value.indexOf('@');
  if (at === -1) {
    return bad(`${quoted(value)} has no domain`, `add @ and one of your verified domains, like ${example}`);
  }
  if (value.indexOf('@', at + 1) !== -1) return bad(`${quoted(value)} has more than one @`, `keep exactly one @, like ${example}`);
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local === '') return bad(`${quoted(value)} has nothing before the @`, `put the user's alias before the @, like ${example}`);
  if (domain === '') return bad(`${quoted(value)} has nothing after the @`, `put one of your verified domains after the @, like ${example}`);
  if (!UPN_LOCAL_ALLOWED.test(local)) {
    const c = UPN_LOCAL_DISALLOWED.exec(local)?.[0] ?? '?';
    return bad(
      `${quoted(value)} contains ${describeChar(c)}, which a user name can't contain (only A–Z, a–z, 0–9 and ' . - _ ! # ^ ~ before the @)`,
      'replace that character (for example é → e)',
    );
  }
  if (local.startsWith('.') || local.endsWith('.')) {
    return bad(`${quoted(value)} has a dot at the start or end of the part before the @`, 'remove that dot');
  }
  if (local.length > 64) return bad(`the part of ${quoted(value)} before the @ is ${local.length} characters long; the limit is 64`, 'shorten it');
  if (!ASCII_DOMAIN.test(domain)) {
    return bad(`${quoted(value)} has an invalid domain ${quoted(domain)}`, `use one of your verified domains, like contoso.com`);
  }
  return ok(value);
}

// Characters the invitation API rejects in invitedUserEmailAddress (graph-api.md §3).
const INVITE_FORBIDDEN = /[~!#$%^&*()+=[\]{}\\/|;:"<>?,]/;

/** Email address for a B2B invitation, pre-checked against what POST /invitations rejects. */
export function checkInviteEmail(value: string): FieldCheck<string> {
  const generic = bad(`${quoted(value)} is not an email address`, 'fix the address or remove the row');
  if (/\s/u.test(value)) return bad(`${quoted(value)} contains a space, which an email address can't have`, 'remove the space');
  const invisible = invisibleInAddress(value);
  if (invisible) return invisible;
  const at = value.split('@');
  if (at.length !== 2) return generic;
  const [local = '', domain = ''] = at;
  if (local === '' || domain === '' || !DOMAIN.test(domain)) return generic;
  if (local.includes('+')) {
    return bad(
      `${quoted(value)} uses plus addressing, which invitations reject ("The Primary SMTP Address is an invalid value")`,
      'invite the address without the +… part',
    );
  }
  const forbidden = INVITE_FORBIDDEN.exec(local);
  if (forbidden) {
    return bad(`${quoted(value)} contains '${forbidden[0]}', which an invited email address can't contain`, 'fix the address or remove the row');
  }
  if (/^[.-]|[.-]$/.test(local)) {
    return bad(`${quoted(value)} has a dot or dash at the start or end of the part before the @`, 'fix the address or remove the row');
  }
  return ok(value);
}

/** Any plausible email address (the mail of a deleted user to look up). */
export function checkMailAddress(value: string): FieldCheck<string> {
  const at = value.split('@');
  const [local = '', domain = ''] = at;
  if (/\s/u.test(value)) return bad(`${quoted(value)} contains a space, which an email address can't have`, 'remove the space');
  const invisible = invisibleInAddress(value);
  if (invisible) return invisible;
  if (at.length !== 2 || local === '' || !DOMAIN.test(domain)) {
    return bad(`${quoted(value)} is not an email address`, 'fix the address or remove the row');
  }
  return ok(value);
}

export type MemberRef = { by: 'id'; id: string } | { by: 'userPrincipalName'; userPrincipalName: string };

export function checkObjectIdOrUpn(value: string): FieldCheck<MemberRef> {
  if (value.includes('@')) {
    const upn = checkUserPrincipalName(value);
    return upn.ok ? ok({ by: 'userPrincipalName', userPrincipalName: upn.value }) : upn;
  }
  const id = checkGuid(value);
  if (id.ok) return ok({ by: 'id', id: id.value });
  if (/^[0-9a-f{}-]+$/i.test(value)) return id;
  return bad(
    `${quoted(value)} is neither an object ID nor a user name`,
    `use the member's object ID (like ${GUID_EXAMPLE}) or user name (like alain@contoso.com)`,
  );
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'oui', 'ja', 'sí', 'si', 'sim']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'non', 'nein', 'não', 'nao']);

export function checkBoolean(value: string): FieldCheck<boolean> {
  const v = value.toLowerCase();
  if (TRUE_WORDS.has(v)) return ok(true);
  if (FALSE_WORDS.has(v)) return ok(false);
  return bad(`${quoted(value)} is not true or false`, 'write true or false');
}

const YES_WORDS = new Set(['yes', 'y', 'oui', 'ja', 'sí', 'si', 'sim']);
const NO_WORDS = new Set(['no', 'n', 'non', 'nein', 'não', 'nao']);

/**
 * "Block sign in (Yes/No)". True/False is refused on purpose: in an export the same token holds
 * accountEnabled, where True means the opposite of Yes here.
 */
export function checkBlockSignIn(value: string): FieldCheck<boolean> {
  const v = value.toLowerCase();
  if (YES_WORDS.has(v)) return ok(true);
  if (NO_WORDS.has(v)) return ok(false);
  if (v === 'true' || v === 'false') {
    return bad(`${quoted(value)} is ambiguous here: this column asks whether to block sign-in`, 'write Yes to block sign-in or No to allow it');
  }
  return bad(`${quoted(value)} is not Yes or No`, 'write Yes to block sign-in or No to allow it');
}

export function checkRedirectUrl(value: string): FieldCheck<string> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    const hint = /^[\w-]+(\.[\w-]+)+/.test(value) ? `write it with https:// in front, like https://${value}` : 'use a full address like https://myapplications.microsoft.com';
    return bad(`${quoted(value)} is not a web address`, hint);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return bad(`${quoted(value)} is not an http or https address`, 'use a full address like https://myapplications.microsoft.com');
  }
  return ok(value);
}

// ISO 3166-1 alpha-2, the codes usageLocation takes.
const ISO_COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export function checkUsageLocation(value: string): FieldCheck<string> {
  const v = value.toUpperCase();
  if (ISO_COUNTRIES.has(v)) return ok(v);
  if (v === 'UK') return bad(`${quoted(value)} is not a country code`, 'use GB for the United Kingdom');
  if (/^[A-Z]{2}$/.test(v)) return bad(`${quoted(value)} is not an ISO country code`, 'use the two-letter ISO 3166 code, like US, GB or DE');
  return bad(`${quoted(value)} is not a two-letter country code`, 'use the two-letter ISO 3166 code, like US, GB or DE');
}

const PHONE = /^[+0-9 ()./x-]+$/i;

export function checkPhone(value: string): FieldCheck<string> {
  if (/^\d(?:[.,]\d+)?E\+\d+$/i.test(value)) {
    return bad(`${quoted(value)} is a number Excel rewrote in scientific notation, so digits are lost`, 'format the column as Text in Excel, type the number again, and save');
  }
  if (!PHONE.test(value) || !/\d/.test(value)) {
    return bad(`${quoted(value)} is not a phone number`, 'use digits, spaces and + ( ) -, like +1 425 555 0100');
  }
  if (value.length > 64) return bad(`the phone number is ${value.length} characters long; the limit is 64`, 'shorten it');
  return ok(value);
}

export function checkText(max: number, what: string): (value: string) => FieldCheck<string> {
  return (value) => {
    if (/[\r\n]/.test(value)) return bad(`the ${what} contains a line break`, 'put it on one line');
    // Tabs and other control characters are invisible, and refused or mangled downstream.
    const control = firstControlCharacter(value);
    if (control !== undefined) return bad(`the ${what} contains ${describeChar(control)}`, 'retype the value without it');
    if (value.length > max) return bad(`the ${what} is ${value.length} characters long; the limit is ${max}`, `shorten it to at most ${max} characters`);
    return ok(value);
  };
}

const PASSWORD_CHARACTER_KINDS: readonly [string, RegExp][] = [
  ['lower-case letters', /[a-z]/],
  ['upper-case letters', /[A-Z]/],
  ['digits', /[0-9]/],
  ['symbols', /[^A-Za-z0-9]/],
];

/**
 * Entra password rules for new users: 8–256 characters, three of lower-case, upper-case, digits and
 * symbols, ASCII only. The password itself is never quoted back.
 */
export function checkPassword(value: string): FieldCheck<string> {
  if (value.trim() === '') return bad('the cell is empty', 'put an initial password here, or remove the row');
  if (value !== value.trim()) {
    return bad('the password starts or ends with a space', 'remove the space; spreadsheets and the portal drop such spaces');
  }
  if (value.length < 8) return bad(`the password has ${value.length} characters; at least 8 are needed`, 'use a longer password');
  if (value.length > 256) return bad(`the password has ${value.length} characters; at most 256 are allowed`, 'use a shorter password');
  if (/[^\x20-\x7e]/.test(value)) {
    return bad('the password contains a character other than A–Z, a–z, 0–9, symbols and spaces (an accent, emoji or invisible character)', 'use only those characters');
  }
  let kinds = 0;
  for (const [, re] of PASSWORD_CHARACTER_KINDS) if (re.test(value)) kinds++;
  if (kinds < 3) {
    const missing = PASSWORD_CHARACTER_KINDS.filter(([, re]) => !re.test(value)).map(([name]) => name);
    return bad(
      `the password uses only ${kinds} of the 4 kinds of character; it needs 3`,
      missing.length === 2 ? `add ${missing.join(' or ')}` : `add two of: ${missing.join(', ')}`,
    );
  }
  return ok(value);
}

/** Entra also refuses a password that contains the user's alias (the part of the UPN before the @). */
export function checkPasswordAgainstUser(password: string, userPrincipalName: string): FieldCheck<string> {
  const at = userPrincipalName.indexOf('@');
  const alias = (at === -1 ? userPrincipalName : userPrincipalName.slice(0, at)).toLowerCase();
  if (alias.length >= 3 && password.toLowerCase().includes(alias)) {
    return bad(`the password contains the user name '${alias}'`, 'choose a password without the user name');
  }
  return ok(password);
}
