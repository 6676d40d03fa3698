import { Writable } from 'node:stream';
import { TestAdapter, TurnContext } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { loadConfig } from '../../../src/config';
import type { BotDeps, ProactiveSender } from '../../../src/bot/bot-deps';
import { createBotApp } from '../../../src/bot/create-bot-app';
import { createBotRuntime } from '../../../src/compose-bot';
import { JobCardUpdater } from '../../../src/bot/job-card-updater';
import { turnContextChat } from '../../../src/bot/turn-context-chat';
import type { Job } from '../../../src/jobs/job-model';
import { isTerminal } from '../../../src/jobs/job-state-machine';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import { createLogger } from '../../../src/logging/logger';
import type { Logger } from '../../../src/logging/logger';
import type { RunningSandbox } from '../../../src/sandbox';

export const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

export interface Person {
  id: string;
  displayName: string;
}

type CardJson = Record<string, unknown>;

export interface Harness {
  store: MemoryJobStore;
  adapter: TestAdapter;
  updater: JobCardUpdater;
  /** Sends one activity from `person` in `conversationId` and returns what the bot sent back during that turn. */
  say(person: Person, text: string, extra?: Partial<Activity>): Promise<Partial<Activity>[]>;
  invoke(person: Person, verb: string, data: unknown, replyToId?: string, extra?: Partial<Activity>): Promise<{ replies: Partial<Activity>[]; response: { status: number; body?: { type?: string; value?: unknown } } }>;
  waitForJob(jobId: string): Promise<Job>;
  waitForState(jobId: string, state: Job['state']): Promise<Job>;
}

export function cardOf(activity: Partial<Activity> | undefined): CardJson | undefined {
  const content = activity?.attachments?.[0]?.content as CardJson | undefined;
  return content && content.type === 'AdaptiveCard' ? content : undefined;
}

export function cardText(card: unknown): string {
  return JSON.stringify(card ?? null);
}

/** The data of the first Action.Execute with this verb anywhere in the card. */
export function actionData(card: unknown, verb: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) {
    for (const item of card) {
      const found = actionData(item, verb);
      if (found) return found;
    }
    return undefined;
  }
  if (card && typeof card === 'object') {
    const record = card as Record<string, unknown>;
    if (record.type === 'Action.Execute' && record.verb === verb) return record.data as Record<string, unknown>;
    for (const value of Object.values(record)) {
      const found = actionData(value, verb);
      if (found) return found;
    }
  }
  return undefined;
}

export function createHarness(
  sandbox: RunningSandbox,
  options: { conversationId?: string; isGroup?: boolean; deps?: Partial<BotDeps>; env?: Record<string, string>; logger?: Logger } = {},
): Harness {
  const loaded = loadConfig(options.env ?? {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const store = new MemoryJobStore();
  const adapter = new TestAdapter(undefined, { channelId: 'msteams' } as Partial<Activity>);
  const proactive: ProactiveSender = async (reference, logic) => {
    const ref = reference as { conversation?: Activity['conversation']; user?: Activity['from']; bot?: Activity['recipient']; serviceUrl?: string };
    const continuation = {
      type: 'event',
      name: 'ContinueConversation',
      channelId: 'msteams',
      conversation: ref.conversation,
      from: ref.user,
      recipient: ref.bot,
      serviceUrl: ref.serviceUrl,
    } as Activity;
    await logic(turnContextChat(new TurnContext(adapter, continuation)));
  };
  const runtime = createBotRuntime(loaded.config, options.logger ?? silent, { store, graphBaseUrl: sandbox.graphBaseUrl, ...options.deps }, proactive);
  const updater = new JobCardUpdater(runtime);
  const bot = createBotApp(runtime);
  const conversationId = options.conversationId ?? 'conv-personal';
  const conversation = {
    id: conversationId,
    isGroup: options.isGroup === true,
    conversationType: options.isGroup ? 'groupChat' : 'personal',
    tenantId: sandbox.tenantId,
    name: 'chat',
  };
  let nextId = 1;

  async function turn(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const before = adapter.activeQueue.length;
    await adapter.processActivity(activity, (context) => bot.run(context));
    return adapter.activeQueue.slice(before);
  }

  function from(person: Person) {
    return { id: `29:${person.id}`, aadObjectId: person.id, name: person.displayName };
  }

  return {
    store,
    adapter,
    updater,
    say: (person, text, extra = {}) =>
      turn({ type: 'message', id: `m${nextId++}`, text, from: from(person), recipient: { id: '28:bot', name: 'Entra Bulk Admin' }, conversation, serviceUrl: 'http://127.0.0.1:9/', ...extra } as Partial<Activity>),
    async invoke(person, verb, data, replyToId, extra = {}) {
      const replies = await turn({
        type: 'invoke',
        name: 'adaptiveCard/action',
        id: `i${nextId++}`,
        from: from(person),
        recipient: { id: '28:bot', name: 'Entra Bulk Admin' },
        conversation,
        serviceUrl: 'http://127.0.0.1:9/',
        ...(replyToId ? { replyToId } : {}),
        value: { action: { type: 'Action.Execute', verb, data } },
        ...extra,
      } as Partial<Activity>);
      const responseActivity = replies.find((r) => r.type === 'invokeResponse');
      const response = (responseActivity?.value ?? { status: 0 }) as { status: number; body?: { type?: string; value?: unknown } };
      return { replies: replies.filter((r) => r.type !== 'invokeResponse'), response };
    },
    async waitForState(jobId, state) {
      for (let i = 0; i < 400; i++) {
        const stored = await store.getJob(jobId);
        if (stored?.job.state === state) {
          await updater.idle();
          return stored.job;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`job ${jobId} never reached ${state}`);
    },
    async waitForJob(jobId) {
      for (let i = 0; i < 400; i++) {
        const stored = await store.getJob(jobId);
        if (stored && isTerminal(stored.job.state)) {
          await updater.idle();
          return stored.job;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`job ${jobId} did not finish`);
    },
  };
}
