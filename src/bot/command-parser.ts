import { escapeCardLine } from '../cards/escape-card-text';
import { SELECTABLE_USER_COLUMN_NAMES, userExportColumnHeaders } from '../operations/export-columns';
import { CHANGE_RULES } from './grammar/change-rules';
import type { DeletedObjectType, ParsedCommand, TemplateKind, UserTypeFilter } from './grammar/parsed-command';
import { CONVERSATION_RULES } from './grammar/conversation-rules';
import { NEAR_MISS_RULES } from './grammar/near-miss-rules';
import { rephrase, WRAPPER_PREFIX } from './grammar/rephrase';
import type { Rule } from './grammar/rule';
import { captured, unquote } from './grammar/rule';
import { isPronoun, MAX_TYPED_TARGETS, splitTargets, tooManyTargetsMessage } from './grammar/target-list';

export type { DeletedObjectType, DeletedWithin, Intent, ParsedCommand, TemplateKind, UserTypeFilter } from './grammar/parsed-command';

export const MAX_MESSAGE_LENGTH = 1000;

/** Teams renders bot text as markdown: what the person typed is echoed literally, never as markup. */
function echo(typed: string): string {
  return escapeCardLine(typed, 200);
}

/** Properties an admin may name in `download users where <property> is <value>`, mapped to Graph names. */
export const EXPORT_FILTER_PROPERTIES: Readonly<Record<string, string>> = {
  department: 'department',
  'job title': 'jobTitle',
  jobtitle: 'jobTitle',
  title: 'jobTitle',
  city: 'city',
  country: 'country',
  state: 'state',
  company: 'companyName',
  'company name': 'companyName',
  companyname: 'companyName',
  office: 'officeLocation',
  'office location': 'officeLocation',
  officelocation: 'officeLocation',
  'usage location': 'usageLocation',
  usagelocation: 'usageLocation',
  'user type': 'userType',
  usertype: 'userType',
  'employee type': 'employeeType',
  employeetype: 'employeeType',
  enabled: 'accountEnabled',
  'account enabled': 'accountEnabled',
  accountenabled: 'accountEnabled',
};

/** The names shown to admins when a filter property is not recognised. */
const EXPORT_FILTER_NAMES = ['department', 'job title', 'city', 'state', 'country', 'company', 'office', 'usage location', 'user type', 'employee type', 'enabled'];

const OBJECT_TYPE_WORDS: ReadonlyArray<[RegExp, DeletedObjectType]> = [
  [/^users?$/, 'user'],
  [/^groups?$/, 'group'],
  [/^(apps?|applications?|app registrations?)$/, 'application'],
  [/^(service principals?|sps?|enterprise apps?|enterprise applications?)$/, 'servicePrincipal'],
  [/^(admin units?|administrative units?|aus?)$/, 'administrativeUnit'],
];

const TEMPLATE_WORDS: ReadonlyArray<[RegExp, TemplateKind]> = [
  [/^(bulk )?restore( users)?$/, 'restore'],
  [/^(bulk )?invite( guests| users)?$|^invitations?$/, 'invite'],
  [/^(bulk )?create( users)?$/, 'create-users'],
  [/^(bulk )?delete( users)?$/, 'delete-users'],
  [/^(bulk )?update( users)?$/, 'update-users'],
  [/^((add|remove|import|group) )?members$|^group members$|^(add|remove) members$|^membership$/, 'group-members'],
];

const POLITE_PREFIX = WRAPPER_PREFIX;
const POLITE_SUFFIX = /(?:[\s,]+(?:please|pls|plz|thanks|thank you|thanks a lot|thank you very much|thx|ty|cheers|for me))+$/;

const EMAIL = /^[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+$/;
const JOB_REF = /^#?([a-z0-9][a-z0-9-]{2,63})$/i;

/** Turns a chat message into a command. Patterns are anchored: a word inside a sentence never triggers anything. */
export function parseCommand(rawText: string): ParsedCommand {
  const original = normalizeText(rawText);
  if (original.length > MAX_MESSAGE_LENGTH) {
    return {
      intent: 'invalid',
      command: 'message',
      message: `That message is ${original.length} characters long; I read commands of up to ${MAX_MESSAGE_LENGTH}. For many items, attach a CSV instead.`,
    };
  }
  let text = rephrase(stripPoliteness(original));
  let lower = text.toLowerCase();
  // Rare letters change length when lower-cased; then positions no longer line up, so work in lower case.
  if (lower.length !== text.length) text = lower;
  lower = text.toLowerCase();

  for (const rule of RULES) {
    const match = rule.pattern.exec(lower);
    const parsed = match ? rule.build(match, text) : undefined;
    if (parsed) return parsed;
  }
  return { intent: 'unknown', text: original, ...suggestionFor(text) };
}

const RULES: Rule[] = [
  ...CONVERSATION_RULES,
  { pattern: /^(?:help|\?|commands|menu|start|hi|hello|hey|what can you do|what do you do|how does this work)$/d, build: () => ({ intent: 'help' }) },
  { pattern: /^(?:who ?am ?i|who are you acting as|my roles|show my roles)$/d, build: () => ({ intent: 'whoami' }) },
  { pattern: /^(?:check (?:my )?setup|setup check|check permissions|doctor|preflight|what can i do here)$/d, build: () => ({ intent: 'check-setup' }) },
  { pattern: /^(?:sign ?out|log ?out|log ?off|sign ?off)$/d, build: () => ({ intent: 'sign-out' }) },
  { pattern: /^(?:(?:list|show)\s+)?(?:my\s+|all\s+)?jobs$/d, build: () => ({ intent: 'jobs' }) },
  {
    pattern: /^(?:request\s+|ask\s+for\s+)?(?:(?:an?|the)\s+)?(?:second\s+)?approval(?:\s+(?:for|of)\s+)?(?:\s*(?:job\s+)?(\S+))?$/d,
    build: (match, text) => approvalCommand(captured(match, text, 1)),
  },
  {
    pattern: /^undo(?:\s+(?:my\s+|the\s+)?(last)(?:\s+job)?|\s+(?:job\s+)?#?([a-z0-9][a-z0-9-]{2,63}))?$/d,
    build: (match, text) => (match[1] ? { intent: 'undo', last: true } : { intent: 'undo', ...(match[2] ? { job: captured(match, text, 2) ?? '' } : {}) }),
  },
  {
    pattern: /^(status|cancel|stop|abort|retry|rerun)(?:\s+(?:of\s+)?(?:the\s+)?(?:failed\s+rows\s+(?:of|in|from)\s+)?(?:job\s+)?(\S+))?$/d,
    build: (match, text) => jobCommand(match[1] ?? '', captured(match, text, 2)),
  },
  {
    pattern: /^(?:(?:list|show|view|get)\s+(?:me\s+)?)?(?:the\s+)?(?:recycle bin|deleted items|deleted(?:\s+(users?|groups?|apps?|applications?|app registrations?|service principals?|sps?|enterprise apps?|admin units?|administrative units?|aus?))?)(?:\s+(?:named\s+|matching\s+|like\s+)?(.+))?$/d,
    build: (match, text) => {
      const objectType = match[1] ? objectTypeFrom(match[1]) : undefined;
      const search = unquote(captured(match, text, 2));
      return { intent: 'list-deleted', ...(objectType ? { objectType } : {}), ...(search ? { search } : {}) };
    },
  },
  {
    pattern: /^(?:(?:get|send|download|show)\s+(?:me\s+)?(?:the\s+|a\s+)?)?(.+?)\s+(?:csv\s+)?template$/d,
    build: (match) => templateKindFrom(match[1] ?? '') && buildTemplate(match[1] ?? ''),
  },
  {
    pattern: /^(?:restore|undelete|recover)(?:\s+(?:the\s+)?(?:deleted\s+)?(users?|groups?|apps?|applications?|service principals?|admin units?|administrative units?))?(?:\s+(.+))?$/d,
    build: (match, text) => buildRestore(match, text),
  },
  {
    pattern: /^(?:purge|permanently delete|hard delete)(?:\s+(?:the\s+)?(?:deleted\s+)?(users?|groups?|apps?|applications?|service principals?|admin units?|administrative units?))?(?:\s+(.+))?$/d,
    build: (match, text) => {
      const target = unquote(captured(match, text, 2));
      if (!target) {
        return { intent: 'invalid', command: 'purge', message: 'Say what to purge, e.g. "purge Debra Berger" or "purge <object id>". Purging cannot be undone.' };
      }
      if (isQuantifier(target)) return { intent: 'invalid', command: 'purge', message: MANY_TO_PURGE };
      if (isPronoun(target)) return { intent: 'invalid', command: 'purge', message: PURGE_BY_NAME };
      const objectType = match[1] ? objectTypeFrom(match[1]) : undefined;
      return { intent: 'purge', target, ...(objectType ? { objectType } : {}) };
    },
  },
  { pattern: /^(?:bulk\s+)?invite(?:\s+(?:guests|users))?$/d, build: () => ({ intent: 'invite', sendEmail: true }) },
  { pattern: /^invite\s+(.+)$/d, build: (match, text) => buildInvite(captured(match, text, 1) ?? '') },
  {
    pattern: /^(?:download|export|get)\s+(?:all\s+|the\s+)?(?:members|users)\s+(?:of|in|from)\s+(?:the\s+)?(?:group\s+)?(.+)$/d,
    build: (match, text) => ({ intent: 'export-group-members', group: unquote(captured(match, text, 1)) ?? '' }),
  },
  {
    // `columns <list>` may come before or after the `where` condition.
    pattern:
      /^(?:download|export|get)\s+(?:all\s+|the\s+)?(?:(guests?|members?)|(guest|member)\s+users|users)(?:\s+(guests?|members?))?(?:\s+(?:with\s+)?columns?\s+(.+?))?(?:\s+(?:where|with)\s+(.+?))?(?:\s+(?:with\s+)?columns?\s+(.+))?$/d,
    build: (match, text) => buildExportUsers(match, text),
  },
  { pattern: /^(?:download|export|get)\s+(?:all\s+|the\s+)?groups$/d, build: () => ({ intent: 'export-groups' }) },
  {
    pattern: /^(?:bulk\s+)?(add|import|remove)\s+(?:the\s+)?(?:members|users|people|guests)\s+(?:to|into|from)\s+(?:the\s+)?(?:group\s+)?(.+)$/d,
    build: (match, text) => {
      const group = unquote(captured(match, text, 2)) ?? '';
      return match[1] === 'remove' ? { intent: 'remove-group-members', group } : { intent: 'add-group-members', group };
    },
  },
  { pattern: /^(?:bulk\s+)?create\s+(?:new\s+)?users$/d, build: () => ({ intent: 'create-users' }) },
  { pattern: /^(?:bulk\s+)?delete\s+users$/d, build: () => ({ intent: 'delete-users' }) },
  { pattern: /^(?:bulk\s+)?update\s+users$/d, build: () => ({ intent: 'update-users' }) },
  {
    pattern: /^delete\s+(?:the\s+)?users?\s+(.+)$/d,
    build: (match, text) => buildDeleteUsers(unquote(captured(match, text, 1))),
  },
  ...CHANGE_RULES,
  ...NEAR_MISS_RULES,
  {
    pattern: /^(?:(?:get|send|download|show)\s+(?:me\s+)?(?:the\s+|a\s+)?)?(?:csv\s+)?template(?:s)?(?:\s+(?:for|to)\s+|\s+)?(.*)$/d,
    build: (match) => buildTemplate(match[1] ?? ''),
  },
];

function buildDeleteUsers(target: string | undefined): ParsedCommand | undefined {
  if (!target) return undefined;
  if (isQuantifier(target)) return { intent: 'invalid', command: 'delete-users', message: MANY_TO_DELETE };
  if (isPronoun(target)) return { intent: 'delete-users', previous: true };
  const { targets } = splitTargets(target);
  if (targets.length > MAX_TYPED_TARGETS) return { intent: 'invalid', command: 'delete-users', message: tooManyTargetsMessage(targets.length, 'delete users') };
  if (targets.some(isQuantifier)) return { intent: 'invalid', command: 'delete-users', message: MANY_TO_DELETE };
  return targets.length > 1 ? { intent: 'delete-users', targets } : { intent: 'delete-users', target };
}

/** Words that mean "many" rather than naming one object: "all", "everyone", "*", "all users", "the whole recycle bin"… */
const QUANTIFIER = new RegExp(
  '^(?:(?:all|any|every|each)(?:\\s+(?:of\\s+)?(?:the\\s+|these\\s+|those\\s+|my\\s+)?(?:deleted\\s+)?' +
    '(?:users?|groups?|apps?|applications?|objects?|items?|accounts?|guests?|members?|people|service principals?|enterprise apps?|' +
    'admin units?|administrative units?|things?|them|of them|deleted|deleted items|recycle bin|recycled))?' +
    '|every(?:one|body|thing)(?:\\s+deleted)?|any(?:one|body|thing)|(?:the\\s+)?(?:whole|entire)\\s+.+)$',
  'i',
);

function isQuantifier(target: string): boolean {
  return QUANTIFIER.test(target.trim()) || target.includes('*');
}

const MANY_TO_PURGE =
  'I purge one object at a time, named exactly: its name, UPN, mail or object id, because purging cannot be undone. ' +
  'To purge many objects, list their object ids in a CSV file and run `entra-bulk run purge <file.csv>`; `template restore` gives the format.';

const PURGE_BY_NAME = 'Purging cannot be undone, so I purge only what is named exactly: type its name, UPN, mail or object id, e.g. "purge Debra Berger".';

const MANY_TO_DELETE =
  'I delete one user at a time by exact UPN or object id. To delete many users, attach a CSV file with `delete users`; ' +
  '`template delete users` gives the format.';

function jobCommand(verb: string, job: string | undefined): ParsedCommand {
  const intent = verb === 'status' ? 'status' : verb === 'retry' || verb === 'rerun' ? 'retry' : 'cancel';
  if (job === undefined) return { intent };
  const ref = JOB_REF.exec(job);
  if (!ref?.[1]) {
    return { intent: 'invalid', command: intent, message: `"${echo(job)}" is not a job id. Type "jobs" to see your jobs and their ids.` };
  }
  return { intent, job: ref[1] };
}

function buildRestore(match: RegExpExecArray, text: string): ParsedCommand {
  const objectType = match[1] ? objectTypeFrom(match[1]) : undefined;
  let rest = captured(match, text, 2) ?? '';
  let reconcileProxy = false;
  const proxy = /\s*(?:,\s*)?(?:and\s+|with\s+)?(?:reconcile\s+proxy(?:\s+addresses)?|auto[- ]?reconcile(?:\s+proxy(?:\s+addresses)?)?|proxy\s+reconciliation)$/i.exec(rest);
  if (proxy) {
    reconcileProxy = true;
    rest = rest.slice(0, proxy.index);
  }
  let newUserPrincipalName: string | undefined;
  const rename = /(?:^|\s+)(?:as|with upn|with new upn|to upn)\s+(\S+)$/i.exec(rest);
  if (rename?.[1]) {
    const upn = rename[1];
    if (!EMAIL.test(upn)) {
      return {
        intent: 'invalid',
        command: 'restore',
        message: `"${echo(upn)}" is not a user principal name. Use the form name@domain, e.g. "restore Adele Vance as adele.vance2@contoso.com".`,
      };
    }
    newUserPrincipalName = upn;
    rest = rest.slice(0, rename.index);
  }
  const several = splitTargets(rest);
  const target = several.targets.length > 1 ? rest.trim() : unquote(rest.trim());
  if (!target && (newUserPrincipalName || reconcileProxy)) {
    return { intent: 'invalid', command: 'restore', message: 'Say who to restore, e.g. "restore Adele Vance as adele.vance2@contoso.com".' };
  }
  const named = target && isPronoun(target) ? { previous: true as const } : targetsOf(target);
  if ('targets' in named && named.targets.length > MAX_TYPED_TARGETS) {
    return { intent: 'invalid', command: 'restore', message: tooManyTargetsMessage(named.targets.length, 'restore') };
  }
  if ('targets' in named && newUserPrincipalName) {
    return { intent: 'invalid', command: 'restore', message: 'A new user name fits one user: restore them one at a time, e.g. "restore Adele Vance as adele.vance2@contoso.com".' };
  }
  return {
    intent: 'restore',
    ...named,
    ...(objectType ? { objectType } : {}),
    ...(newUserPrincipalName ? { newUserPrincipalName } : {}),
    reconcileProxy,
  };
}

/** One name as `target`; several as `targets` (with the whole text when only "and" separated them). */
function targetsOf(text: string | undefined): { target?: string } | { targets: string[]; wholeName?: string } {
  if (!text) return {};
  const list = splitTargets(text);
  if (list.targets.length < 2) return { target: text };
  return { targets: list.targets, ...(list.wholeName ? { wholeName: list.wholeName } : {}) };
}

function buildInvite(args: string): ParsedCommand {
  let rest = args;
  let message: string | undefined;
  const quoted = /\s+(?:with\s+)?message\s+["“](.*)["”]/is.exec(rest);
  if (quoted) {
    message = quoted[1];
    rest = rest.slice(0, quoted.index) + rest.slice(quoted.index + quoted[0].length);
  }
  let sendEmail = true;
  const silent = /\s+(?:no email|without email|without an email|don't send (?:an )?email|do not send (?:an )?email|silently)(?=\s|$)/i.exec(rest);
  if (silent) {
    sendEmail = false;
    rest = rest.slice(0, silent.index) + rest.slice(silent.index + silent[0].length);
  }
  let redirectUrl: string | undefined;
  const redirect = /\s+redirect(?:\s+to)?\s+(\S+)/i.exec(rest);
  if (redirect?.[1]) {
    redirectUrl = redirect[1];
    rest = rest.slice(0, redirect.index) + rest.slice(redirect.index + redirect[0].length);
    if (!/^https:\/\/[^\s/]+/i.test(redirectUrl)) {
      return { intent: 'invalid', command: 'invite', message: `"${echo(redirectUrl)}" is not an https URL. Use e.g. "redirect https://myapplications.microsoft.com".` };
    }
  }
  let displayName: string | undefined;
  const named = /\s+(?:name|named|as)\s+(.+)$/i.exec(rest);
  if (named?.[1]) {
    displayName = unquote(named[1].trim());
    rest = rest.slice(0, named.index);
  }
  const email = rest.trim().replace(/^mailto:/i, '');
  const several = splitTargets(email).targets.map((one) => one.replace(/^mailto:/i, ''));
  if (several.length > 1 && several.some((one) => EMAIL.test(one))) {
    const bad = several.find((one) => !EMAIL.test(one));
    if (bad !== undefined) {
      return { intent: 'invalid', command: 'invite', message: `"${echo(bad)}" is not an email address. List addresses like "invite ana@fabrikam.com, bob@fabrikam.com".` };
    }
    if (several.length > MAX_TYPED_TARGETS) return { intent: 'invalid', command: 'invite', message: tooManyTargetsMessage(several.length, 'invite') };
    if (displayName) return { intent: 'invalid', command: 'invite', message: 'A name fits one guest: invite them one at a time, e.g. "invite ana@fabrikam.com name Ana Souza".' };
    return {
      intent: 'invite',
      emails: several,
      ...(redirectUrl ? { redirectUrl } : {}),
      ...(message !== undefined ? { message } : {}),
      sendEmail,
    };
  }
  if (/\s/.test(email) || !EMAIL.test(email)) {
    return {
      intent: 'invalid',
      command: 'invite',
      message: `"${echo(email)}" is not an email address. Use e.g. "invite ana@fabrikam.com name Ana Souza".`,
    };
  }
  return {
    intent: 'invite',
    email,
    ...(displayName ? { displayName } : {}),
    ...(redirectUrl ? { redirectUrl } : {}),
    ...(message !== undefined ? { message } : {}),
    sendEmail,
  };
}

function buildExportUsers(match: RegExpExecArray, text: string): ParsedCommand {
  const typeWord = match[1] ?? match[2] ?? match[3];
  const userType: UserTypeFilter | undefined = typeWord ? (typeWord.startsWith('guest') ? 'Guest' : 'Member') : undefined;
  const columnList = captured(match, text, 4) ?? captured(match, text, 6);
  let columns: string[] | undefined;
  if (columnList !== undefined) {
    const chosen = userExportColumnHeaders(columnNames(columnList));
    if (!chosen.ok) {
      const unknown = chosen.unknown.map((name) => `"${echo(name)}"`).join(', ');
      return {
        intent: 'invalid',
        command: 'download users',
        message: `I don't know the column${chosen.unknown.length > 1 ? 's' : ''} ${unknown}. Columns: ${SELECTABLE_USER_COLUMN_NAMES.join(', ')}.`,
      };
    }
    columns = chosen.headers;
  }
  const base = { intent: 'export-users' as const, ...(userType ? { userType } : {}), ...(columns ? { columns } : {}) };
  const condition = captured(match, text, 5);
  if (!condition) return base;
  const parts = /^(.+?)\s+(?:is|=|==|equals|eq)\s+(.+)$/i.exec(condition);
  const propertyWord = parts?.[1]?.trim().toLowerCase();
  const property = propertyWord ? EXPORT_FILTER_PROPERTIES[propertyWord] : undefined;
  const value = unquote(parts?.[2]?.trim());
  if (!parts || !property || !value) {
    return {
      intent: 'invalid',
      command: 'download users',
      message: `I can filter on one property: "download users where <property> is <value>", with <property> one of ${EXPORT_FILTER_NAMES.join(', ')}.`,
    };
  }
  return { ...base, where: { property, value } };
}

/** `displayName, department and manager` → the names; commas, semicolons, spaces and "and" separate them. */
function columnNames(list: string): string[] {
  return list.split(/[\s,;]+/).filter((name) => name !== '' && name.toLowerCase() !== 'and');
}

function templateKindFrom(word: string): TemplateKind | undefined {
  const cleaned = word.trim().replace(/\s+(?:csv|file)$/, '');
  return TEMPLATE_WORDS.find(([pattern]) => pattern.test(cleaned))?.[1];
}

function buildTemplate(word: string): ParsedCommand {
  const cleaned = word.trim().replace(/\s+(?:csv|file)$/, '');
  if (cleaned === '') return { intent: 'template' };
  const kind = templateKindFrom(cleaned);
  if (kind) return { intent: 'template', kind };
  return {
    intent: 'invalid',
    command: 'template',
    message: `I have no "${echo(cleaned)}" template. Choose one of: restore, invite, create users, delete users, update users, members.`,
  };
}

function objectTypeFrom(word: string): DeletedObjectType | undefined {
  const lower = word.toLowerCase();
  return OBJECT_TYPE_WORDS.find(([pattern]) => pattern.test(lower))?.[1];
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function normalizeText(raw: string): string {
  return raw
    .replace(/<at[^>]*>.*?<\/at>/gi, ' ')
    .replace(/&(?:nbsp|amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity] ?? entity)
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function stripPoliteness(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i++) {
    const before = out;
    out = out.replace(POLITE_PREFIX, '');
    out = out.replace(POLITE_SUFFIX, '').replace(/^[,\s]+/, '').replace(/^\/+/, '').trim();
    const unpunctuated = out.replace(/\s*[.!?]+$/, '');
    if (unpunctuated !== '') out = unpunctuated;
    if (out === before) break;
  }
  return out;
}

/** Verbs that take nothing after them: suggesting one for a longer message would mislead. */
const BARE_VERBS = new Set(['help', 'download groups', 'create users', 'delete users', 'update users', 'jobs', 'whoami', 'check setup', 'sign out']);

function approvalCommand(job: string | undefined): ParsedCommand {
  if (job === undefined) return { intent: 'approval' };
  const ref = JOB_REF.exec(job);
  if (!ref?.[1]) return { intent: 'invalid', command: 'approval', message: `"${echo(job)}" is not a job id. Type "jobs" to see your jobs and their ids.` };
  return { intent: 'approval', job: ref[1] };
}

const VERBS = [
  'help',
  'restore',
  'deleted',
  'purge',
  'invite',
  'download users',
  'download groups',
  'download members of',
  'add members to',
  'remove members from',
  'create users',
  'delete users',
  'delete user',
  'update users',
  'template',
  'jobs',
  'status',
  'cancel',
  'retry',
  'approval',
  'whoami',
  'check setup',
  'sign out',
] as const;

/** "restor Adele Vance" → "restore Adele Vance": the closest command verb, keeping the rest of what was typed. */
function suggestionFor(text: string): { suggestion?: string } {
  if (text === '') return {};
  const words = text.split(' ');
  let best: { verb: string; used: number; distance: number } | undefined;
  for (const verb of VERBS) {
    const verbWords = verb.split(' ').length;
    for (const used of new Set([verbWords, 1, 2])) {
      if (used > words.length) continue;
      if (BARE_VERBS.has(verb) && used < words.length) continue;
      const head = words.slice(0, used).join(' ').toLowerCase();
      const distance = editDistance(head, verb);
      const allowed = Math.max(1, Math.floor(verb.length / 4));
      // On a tie the verb that explains more of the message wins: "delete usrs" is "delete users", not "deleted usrs".
      if (distance <= allowed && (!best || distance < best.distance || (distance === best.distance && used > best.used))) best = { verb, used, distance };
    }
  }
  if (!best) return {};
  const rest = words.slice(best.used).join(' ');
  return { suggestion: rest ? `${best.verb} ${rest}` : best.verb };
}

/** Optimal string alignment distance: a swapped pair of letters ("resotre") counts as one edit. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}
