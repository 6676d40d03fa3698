import { GraphClient } from '../graph/graph-client';
import type { GraphError } from '../graph/graph-error';
import type { CardAudience } from '../cards/card-audience';
import type { CallerProfile } from '../operations/caller-profile';
import { loadCallerProfile } from '../operations/caller-profile';
import type { BotRuntime } from './bot-deps';
import type { TurnFacts } from './chat-turn';

export interface TurnActor {
  aadObjectId: string;
  /** The Teams MRI (`from.id`), used in card `refresh.userIds`. */
  mri: string;
  name: string;
  tenantId: string;
  conversationId: string;
  isGroup: boolean;
}

export type ActorResult = { ok: true; actor: TurnActor } | { ok: false; message: string };

const TENANT_ID = /^[A-Za-z0-9-]{1,64}$/;

export function actorOf(facts: TurnFacts): ActorResult {
  const aadObjectId = facts.from.aadObjectId;
  if (!aadObjectId) {
    return { ok: false, message: "I can't tell which Entra ID account you are (Teams sent no object id), so I can't act for you." };
  }
  const tenantId = facts.conversation.tenantId ?? facts.channelTenantId ?? 'local';
  const type = facts.conversation.conversationType;
  return {
    ok: true,
    actor: {
      aadObjectId,
      mri: facts.from.id,
      name: facts.from.name ?? aadObjectId,
      tenantId: TENANT_ID.test(tenantId) ? tenantId : 'local',
      conversationId: facts.conversation.id,
      isGroup: facts.conversation.isGroup === true || type === 'groupChat' || type === 'channel',
    },
  };
}

export function audienceFor(actor: TurnActor, initiator: { mri: string; name: string }, isInitiator: boolean): CardAudience {
  return { isGroup: actor.isGroup, initiator, viewer: isInitiator ? 'initiator' : 'observer' };
}

export type Connection = { ok: true; graph: GraphClient; caller: CallerProfile } | { ok: false; message: string; error?: GraphError };

/** A Graph client carrying this admin's own token, and who Graph says they are. */
export async function connectAs(runtime: BotRuntime, actor: TurnActor): Promise<Connection> {
  const tokenProvider = runtime.deps.tokenProviderFor({ aadObjectId: actor.aadObjectId, tenantId: actor.tenantId });
  if (!tokenProvider) return { ok: false, message: signInMessage(actor) };
  const token = await tokenProvider.getToken();
  if (!token.ok) {
    return { ok: false, message: `${signInMessage(actor)} (${token.message})` };
  }
  const graph = new GraphClient({ baseUrl: runtime.deps.graphBaseUrl, tokenProvider });
  const caller = await loadCallerProfile(graph);
  if (!caller.ok) return { ok: false, message: `I couldn't read your profile and roles from Microsoft Graph: ${caller.error.reason}`, error: caller.error };
  return { ok: true, graph, caller: caller.value };
}

function signInMessage(actor: TurnActor): string {
  return (
    `I have no Microsoft Graph access for your account (${actor.name}, object id ${actor.aadObjectId}). ` +
    'In the local sandbox, chat as one of the sandbox tenant\'s users (their object id must match); in Teams, sign in first.'
  );
}
