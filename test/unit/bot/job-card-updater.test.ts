// Bot Framework's connector client throws the Azure SDK's RestError; the real class keeps this test honest about
// where a 429's Retry-After sits (error.response.headers).
import { RestError, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it, vi } from 'vitest';
import type { BotRuntime, ProactiveSender } from '../../../src/bot/bot-deps';
import type { Chat } from '../../../src/bot/chat-turn';
import { LinkFileDelivery } from '../../../src/bot/file-delivery';
import { JobCardUpdater } from '../../../src/bot/job-card-updater';
import type { JobEventListener } from '../../../src/jobs/job-events';
import type { Job } from '../../../src/jobs/job-model';
import { newJob } from '../../../src/jobs/job-model';
import { MemoryJobStore } from '../../../src/jobs/memory-job-store';
import type { RetryClock } from '../../../src/net/retry';

class SteppingClock implements RetryClock {
  readonly sleeps: number[] = [];
  private time = Date.parse('2026-03-01T10:00:00Z');
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}

function botFrameworkError(statusCode: number, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://smba.trafficmanager.net/amer/v3/conversations/c/activities/card-1' });
  return new RestError('The request was throttled.', { statusCode, request, response: { status: statusCode, headers: createHttpHeaders(headers), request } });
}

interface Fixture {
  updater: JobCardUpdater;
  clock: SteppingClock;
  updates: string[];
  warn: ReturnType<typeof vi.fn>;
  publish(job: Job): void;
}

/** A runtime whose proactive sends fail with `failures` in turn, then reach a chat that records card updates. */
async function fixture(failures: unknown[]): Promise<Fixture & { job: Job }> {
  const store = new MemoryJobStore();
  const job = newJob({
    kind: 'invite',
    tenantId: 'tenant-1',
    initiator: { objectId: 'alice', name: 'Alice' },
    source: { type: 'file', fileName: 'invites.csv', sizeBytes: 120, sha256: 'a'.repeat(64) },
    inputColumns: ['inviteeEmail'],
    conversationReference: { conversation: { id: 'conv-1', isGroup: false }, user: { id: '29:alice' } },
    options: { cardActivityId: 'card-1' },
    now: new Date('2026-03-01T10:00:00Z'),
  });
  const created = await store.createJob(job, []);
  if (!created.ok) throw new Error('could not store the job');
  const updates: string[] = [];
  const chat = { update: (id: string) => Promise.resolve(void updates.push(id)) } as unknown as Chat;
  let sends = 0;
  const proactive: ProactiveSender = async (_reference, logic) => {
    const failure = failures[sends++];
    if (failure !== undefined) throw failure;
    await logic(chat);
  };
  let listener: JobEventListener = () => undefined;
  const warn = vi.fn();
  const runtime = {
    deps: { store },
    runner: {
      onProgress: (l: JobEventListener) => {
        listener = l;
        return () => undefined;
      },
    },
    logger: { warn, info: vi.fn(), debug: vi.fn(), error: vi.fn() },
    now: () => Date.now(),
    proactive,
    files: new LinkFileDelivery(undefined),
    localMode: true,
  } as unknown as BotRuntime;
  const clock = new SteppingClock();
  const updater = new JobCardUpdater(runtime, { clock, random: () => 1 });
  return { updater, clock, updates, warn, job, publish: (j) => listener({ type: 'progress', job: j }) };
}

describe('JobCardUpdater', () => {
  it("waits for the Retry-After of Bot Framework's 429 before updating the card again", async () => {
    const { updater, clock, updates, job, publish } = await fixture([botFrameworkError(429, { 'Retry-After': '7' })]);
    publish(job);
    await updater.idle();
    expect(clock.sleeps).toEqual([7_000]);
    expect(updates).toEqual(['card-1']);
  });

  it('backs off when the throttling gives no Retry-After, and gives up after four tries', async () => {
    const throttled = [botFrameworkError(429), botFrameworkError(412), botFrameworkError(502), botFrameworkError(429)];
    const { updater, clock, updates, warn, job, publish } = await fixture(throttled);
    publish(job);
    await updater.idle();
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
    expect(updates).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ err: throttled[3], jobId: job.id }), 'could not update the job card');
  });

  it('does not retry a refusal', async () => {
    const { updater, clock, updates, job, publish } = await fixture([botFrameworkError(403)]);
    publish(job);
    await updater.idle();
    expect(clock.sleeps).toEqual([]);
    expect(updates).toEqual([]);
  });
});
