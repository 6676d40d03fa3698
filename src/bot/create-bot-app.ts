import { BULK_KINDS, definitionOf } from '../operations/catalogue';
import { handleCheckSetup } from './setup-check-command';
import type { TurnContext } from 'botbuilder';
import { Application } from '@microsoft/teams-ai';
import type { AdaptiveCard, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { MemoryStorage } from 'botbuilder';
import type { Storage } from 'botbuilder';
import type { AdaptiveCardJson } from '../cards/adaptive-card-json';
import { buildChooseObjectCard } from '../cards/build-choose-object-card';
import { buildErrorCard } from '../cards/build-error-card';
import { buildPersonalChatNeededCard } from '../cards/build-personal-chat-needed-card';
import { parseCardAction } from '../cards/card-action-data';
import type { CardActionData } from '../cards/card-action-data';
import { CARD_VERBS } from '../cards/verbs';
import { GraphError } from '../graph/graph-error';
import type { CardVerb } from '../cards/verbs';
import { parseCommand } from './command-parser';
import type { ParsedCommand } from './command-parser';
import type { BotRuntime } from './bot-deps';
import type { Chat } from './chat-turn';
import { cardReply, isGroupConversation, say, sendAll, textReply } from './chat-turn';
import { buildClarifyCard } from './clarify-card';
import { handleDeletedQuestion } from './deleted-questions';
import { namedTargetsOf, recallNamedTargets, rememberNamedTargets, withNamedTargets } from './follow-ups';
import type { ConversationBag } from './follow-ups';
import { handleDeleteUsersMany, handleInviteMany, handleMembershipChange, handleRestoreTargets, handleUpdateUser } from './typed-changes';
import { turnContextChat } from './turn-context-chat';
import { handleHelp, handleTemplate, handleUnknown, handleWhoami } from './conversation-commands';
import { interpretWithin } from './language-model/command-interpreter';
import { commandText, readAsMessage } from './language-model/command-text';
import { graphReadErrorCard, isPermissionRefusal } from './graph-read-refusal';
import type { ReadSubject } from './graph-read-refusal';
import { fileAttachments, handleCsvAttachment } from './csv-intake';
import { acceptFileConsent, declineFileConsent, sendResultsAction } from './file-consent';
import type { CsvRequest } from './csv-intake';
import { handleDeleteUser, handleExport, handleInvite, handleMembersQuestion, proposeUserDeletion } from './directory-commands';
import { approveJobAction, cancelJobAction, confirmJobAction, declineJobAction, placeGateOf, refreshJobAction, resumeJobAction, retryFailedAction, startRun } from './job-actions';
import { resumePausedJobs } from '../jobs/job-control';
import { handleApprovalRequest, handleCancel, handleJobsList, handleRetry, handleStatus, handleTypedConfirm } from './job-commands';
import { handleUndo, undoJobAction } from './undo-actions';
import { sendCard } from './plan-confirmation';
import { PendingChoices, candidateOf, findChosenObject, handleListDeleted, handleRecycleCommand, proposeRecycleJob } from './recycle-bin-commands';
import type { Connected, RecycleAction } from './recycle-bin-commands';
import { actorOf, audienceFor, connectAs } from './turn-actor';
import type { TeamsTokenBroker } from './teams-token-broker';
import type { TurnActor } from './turn-actor';

/** A card action's turn: the Chat port for handlers, the TurnContext for sign-in (which is Bot Framework business). */
interface CardTurn {
  context: TurnContext;
  chat: Chat;
}

export interface BotApp {
  app: Application<TurnState>;
  run(context: TurnContext): Promise<void>;
}

function csvRequestFor(command: ParsedCommand): CsvRequest | undefined {
  switch (command.intent) {
    case 'restore':
      return command.target || command.targets || command.previous ? undefined : { expected: 'restore' };
    case 'invite':
      return command.email || command.emails ? undefined : { expected: 'invite' };
    case 'create-users':
      return { expected: 'create-users' };
    case 'delete-users':
      return command.target || command.targets || command.previous ? undefined : { expected: 'delete-users' };
    case 'update-users':
      return { expected: 'update-users' };
    case 'add-group-members':
      return { expected: 'add-group-members', group: command.group };
    case 'remove-group-members':
      return { expected: 'remove-group-members', group: command.group };
    case 'unknown':
    case 'help':
      return {};
    default:
      return undefined;
  }
}

/** The same conversation, with `text` as what was typed: jobs, cards and retries then carry the command as read. */
function asTyped(chat: Chat, text: string): Chat {
  return {
    facts: { ...chat.facts, text },
    send: (reply) => chat.send(reply),
    update: (id, card) => chat.update(id, card),
    conversationReference: () => chat.conversationReference(),
    sendToPersonalChat: (member, reply) => chat.sendToPersonalChat(member, reply),
  };
}

/** Teams hands files to bots only in personal chat: say so, with a button that opens that chat when the app id is known. */
function personalChatNeededCard(text: string, attached: boolean, botAppId: string | undefined) {
  const command = text.trim();
  const what = command ? `send “${command}” there with the CSV attached` : 'attach the CSV there';
  return buildPersonalChatNeededCard({
    title: attached ? 'Send the file in our personal chat' : 'Attach the CSV in our personal chat',
    message: `Teams gives files to bots only in a 1:1 chat, so I can't read files here. Open our personal chat and ${what}; I will post nothing in this chat.`,
    ...(botAppId ? { botAppId } : {}),
  });
}

function readSubjectOf(error: GraphError): ReadSubject {
  return error.operation === 'list-deleted' ? 'recycle-bin' : 'directory';
}

/** Commands that only work with a CSV attached, as the kinds declare. */
const NEEDS_FILE: ReadonlySet<string> = new Set(BULK_KINDS.filter((kind) => definitionOf(kind).chat.needsFile));

/** The bot's routes on a teams-ai Application; the adapter (Teams or a test adapter) is supplied by the caller. */
export function createBotApp(
  runtime: BotRuntime,
  options: { adapter?: TeamsAdapter; botAppId?: string; signIn?: TeamsTokenBroker; storage?: Storage } = {},
): BotApp {
  const app = new Application<TurnState>({
    ...(options.adapter ? { adapter: options.adapter } : {}),
    ...(options.botAppId ? { botAppId: options.botAppId } : {}),
    storage: options.storage ?? new MemoryStorage(),
    startTypingTimer: false,
    removeRecipientMention: true,
  });
  const choices = new PendingChoices();
  const signIn = options.signIn;
  const chatOf = (context: TurnContext): Chat => turnContextChat(context, options.botAppId);

  if (signIn) {
    app.turn('beforeTurn', (context) => {
      signIn.remember(context);
      return Promise.resolve(true);
    });
    app.addRoute(
      (context) => Promise.resolve(context.activity.type === 'invoke' && (context.activity.name === 'signin/verifyState' || context.activity.name === 'signin/tokenExchange')),
      async (context) => {
        const ok = await signIn.completeSignIn(context);
        // 412 tells Teams to fall back to the sign-in button (e.g. consent is still needed).
        await context.sendActivity({ type: 'invokeResponse', value: { status: ok ? 200 : 412 } });
        if (!ok) return;
        const chat = chatOf(context);
        const who = actorOf(chat.facts);
        if (!who.ok) return;
        const resumed = await resumePausedJobs(runtime.deps.store, who.actor.aadObjectId, new Date(runtime.now()), placeGateOf(runtime));
        for (const jobId of resumed) startRun(runtime, jobId);
        await say(chat, resumed.length > 0 ? `You're signed in; I resumed ${resumed.length} paused ${resumed.length === 1 ? 'job' : 'jobs'}.` : "You're signed in. Send your command again.");
      },
      true,
    );
  }

  async function connected(context: TurnContext, chat: Chat, actor: TurnActor): Promise<Connected | undefined> {
    const connection = await connectAs(runtime, actor);
    if (!connection.ok && connection.error && isPermissionRefusal(connection.error)) {
      await sendCard(chat, graphReadErrorCard('directory', "I couldn't read your profile and roles", connection.error));
      return undefined;
    }
    if (!connection.ok) {
      const card = signIn ? await signIn.signInCard(context) : undefined;
      await chat.send(card ? { kind: 'attachment', attachment: card } : textReply(connection.message));
      return undefined;
    }
    // Jobs paused for want of this admin's token can go on now that there is one again.
    const resumed = await resumePausedJobs(runtime.deps.store, actor.aadObjectId, new Date(runtime.now()), placeGateOf(runtime));
    for (const jobId of resumed) startRun(runtime, jobId);
    if (resumed.length > 0) await say(chat, `You're connected again, so I resumed ${resumed.length === 1 ? 'your paused job' : `${resumed.length} paused jobs`}.`);
    return { actor, graph: connection.graph, caller: connection.caller };
  }

  /**
   * Text the grammar can't read goes to the language model when one is configured. A command it proposes is said
   * back as typed text and then handled exactly as if the admin had typed that text: the same dry run and confirm card.
   */
  async function answerUnknown(context: TurnContext, chat: Chat, conversationState: ConversationBag, unknown: Extract<ParsedCommand, { intent: 'unknown' }>): Promise<void> {
    const reader = runtime.deps.languageModel;
    const reading = reader ? await interpretWithin(reader, unknown.text) : undefined;
    if (reading?.intent === 'invalid') {
      await say(chat, reading.message);
      return;
    }
    const typed = reading ? commandText(reading) : undefined;
    if (!reading || typed === undefined) return sendAll(chat, handleUnknown(unknown.text, unknown.suggestion));
    await say(chat, readAsMessage(typed));
    await onMessage(context, asTyped(chat, typed), conversationState, reading);
  }

  async function onMessage(context: TurnContext, chat: Chat, conversationState: ConversationBag, reading?: ParsedCommand): Promise<void> {
    const text = chat.facts.text;
    const parsed = reading ?? parseCommand(text);
    const isGroup = isGroupConversation(chat.facts);
    const files = fileAttachments(chat.facts);
    if (files.length === 0 && text.trim() === '') return;
    if (parsed.intent === 'clarify' && files.length === 0) return sendAll(chat, [cardReply(buildClarifyCard(parsed.question, parsed.options))]);
    const who = actorOf(chat.facts);
    // "her", "them": the targets this admin named last here. A command naming targets becomes what they refer to.
    const followUp = who.ok ? withNamedTargets(parsed, recallNamedTargets(conversationState, who.actor.aadObjectId, runtime.now())) : { ok: true as const, command: parsed };
    if (!followUp.ok) {
      await say(chat, followUp.message);
      return;
    }
    const command = followUp.command;
    if (who.ok) rememberNamedTargets(conversationState, who.actor.aadObjectId, namedTargetsOf(command), runtime.now());
    if (command.intent === 'help' && files.length === 0) return sendAll(chat, handleHelp(!isGroup));
    if (command.intent === 'unknown' && files.length === 0) return answerUnknown(context, chat, conversationState, command);
    if (command.intent === 'invalid') {
      await say(chat, command.message);
      return;
    }
    if (command.intent === 'template') return sendAll(chat, handleTemplate(command.kind));
    if (command.intent === 'sign-out') {
      if (signIn) {
        await signIn.signOut(context);
        await say(chat, 'You are signed out. Running jobs pause when they next need your token; sign in again to resume them.');
        return;
      }
      await say(chat, 'In the local sandbox there is nothing to sign out of: you act as the sandbox user with your object id.');
      return;
    }
    if (!who.ok) {
      await say(chat, who.message);
      return;
    }
    const actor = who.actor;
    const csvRequest = csvRequestFor(command);
    if (files.length > 0 || (NEEDS_FILE.has(command.intent) && csvRequest)) {
      if (isGroup) {
        await sendCard(chat, personalChatNeededCard(text, files.length > 0, runtime.deps.botAppId));
        return;
      }
      const [file] = files;
      if (!file || !csvRequest) {
        await say(chat, file ? 'That command does not take a file. Type `help` to see which ones do.' : 'Attach the CSV to this message; `template <kind>` gives you the format.');
        return;
      }
      const who2 = await connected(context, chat, actor);
      if (who2) await handleCsvAttachment(runtime, chat, who2, file, csvRequest);
      return;
    }
    switch (command.intent) {
      case 'jobs':
        return sendAll(chat, await handleJobsList(runtime, actor));
      case 'check-setup': {
        // Runs before the profile is read: a tenant where roles can't be read is exactly what this check explains.
        const tokens = runtime.deps.tokenProviderFor({ aadObjectId: actor.aadObjectId, tenantId: actor.tenantId });
        if (tokens) return sendAll(chat, await handleCheckSetup(runtime, tokens));
        await connected(context, chat, actor);
        return;
      }
      case 'status':
        return sendAll(chat, await handleStatus(runtime, actor, command.latest ? { latest: true } : command.job));
      case 'cancel':
        return sendAll(chat, await handleCancel(runtime, actor, command.latest ? { latest: true } : command.job));
      case 'retry':
        return handleRetry(runtime, chat, actor, command.latest ? { latest: true } : command.job);
      case 'confirm':
        return handleTypedConfirm(runtime, chat, actor);
      case 'approval':
        return sendAll(chat, await handleApprovalRequest(runtime, actor, command.job));
      default:
        break;
    }
    const session = await connected(context, chat, actor);
    if (!session) return;
    switch (command.intent) {
      case 'whoami':
        return sendAll(chat, handleWhoami(session.caller));
      // After the sign-in check: an undo plans against Graph as the admin.
      case 'undo':
        return handleUndo(runtime, chat, actor, command);
      case 'list-deleted':
        return handleListDeleted(runtime, chat, session, command);
      case 'restore':
        if (command.targets) {
          return handleRestoreTargets(runtime, chat, session, choices, {
            targets: command.targets,
            reconcileProxy: command.reconcileProxy,
            ...(command.wholeName ? { wholeName: command.wholeName } : {}),
            ...(command.objectType ? { objectType: command.objectType } : {}),
          });
        }
        if (!command.target) {
          await say(chat, 'What should I restore? Type `restore <name, UPN, mail or object id>`, or attach a restore CSV.');
          return;
        }
        return handleRecycleCommand(runtime, chat, session, choices, {
          target: command.target,
          ...(command.objectType ? { objectType: command.objectType } : {}),
          action: { kind: 'restore', reconcileProxy: command.reconcileProxy, ...(command.newUserPrincipalName ? { newUserPrincipalName: command.newUserPrincipalName } : {}) },
        });
      case 'purge':
        return handleRecycleCommand(runtime, chat, session, choices, {
          target: command.target,
          ...(command.objectType ? { objectType: command.objectType } : {}),
          action: { kind: 'purge' },
        });
      case 'invite':
      case 'delete-users':
      case 'export-users':
      case 'export-groups':
      case 'export-group-members':
        if (command.intent === 'invite') return command.emails ? handleInviteMany(runtime, chat, session, command, command.emails) : handleInvite(runtime, chat, session, command);
        if (command.intent === 'delete-users') {
          if (command.targets) return handleDeleteUsersMany(runtime, chat, session, command.targets);
          if (command.target) return handleDeleteUser(runtime, chat, session, command.target, choices);
          await say(chat, 'Attach the bulk-delete CSV to `delete users` (`template delete users` gives you the format).');
          return;
        }
        return handleExport(runtime, chat, session, command);
      case 'add-to-group':
      case 'remove-from-group':
        return handleMembershipChange(runtime, chat, session, command.intent === 'add-to-group' ? 'add-group-members' : 'remove-group-members', command.members ?? [], command.group);
      case 'update-user':
        if (!command.target) return;
        return handleUpdateUser(runtime, chat, session, { target: command.target, property: command.property, value: command.value });
      case 'members-question':
        return handleMembersQuestion(chat, session, command.group);
      case 'deleted-question':
        if (!command.target) return;
        return handleDeletedQuestion(runtime, chat, session, command.ask, command.target);
      default:
        await say(chat, 'Attach the CSV for that command; `template <kind>` gives you the format.');
    }
  }

  app.activity('message', async (context, state) => {
    try {
      await onMessage(context, chatOf(context), state.conversation as ConversationBag);
    } catch (error) {
      // Graph failures while planning are the admin's to act on; anything else goes to the turn error handler.
      if (!(error instanceof GraphError)) throw error;
      await sendCard(chatOf(context), graphReadErrorCard(readSubjectOf(error), 'Microsoft Graph refused a request I needed', error));
    }
  });

  function execute(verb: CardVerb, handler: (turn: CardTurn, actor: TurnActor, data: CardActionData) => Promise<AdaptiveCardJson | string>): void {
    app.adaptiveCards.actionExecute(verb, async (context, _state, raw: unknown): Promise<AdaptiveCard | string> => {
      const parsed = parseCardAction(verb, raw);
      if (!parsed.ok) return buildErrorCard({ title: "I can't use this card", message: parsed.reason }) as AdaptiveCard;
      const chat = chatOf(context);
      const who = actorOf(chat.facts);
      if (!who.ok) return who.message;
      let result: AdaptiveCardJson | string;
      try {
        result = await handler({ context, chat }, who.actor, parsed.data);
      } catch (error) {
        // A read the dry run needed was refused: the card that was pressed is answered, as a typed command would be.
        if (!(error instanceof GraphError)) throw error;
        result = graphReadErrorCard(readSubjectOf(error), 'Microsoft Graph refused a request I needed', error);
      }
      return typeof result === 'string' ? result : (result as AdaptiveCard);
    });
  }

  execute(CARD_VERBS.confirmJob, ({ chat }, actor, data) => confirmJobAction(runtime, chat, actor, data));
  execute(CARD_VERBS.cancelJob, (_context, actor, data) => cancelJobAction(runtime, actor, data));
  execute(CARD_VERBS.resumeJob, (_context, actor, data) => resumeJobAction(runtime, actor, data));
  execute(CARD_VERBS.refreshJob, (_context, actor, data) => refreshJobAction(runtime, actor, data));
  execute(CARD_VERBS.retryFailed, ({ chat }, actor, data) => retryFailedAction(runtime, chat, actor, data));
  execute(CARD_VERBS.undoJob, ({ chat }, actor, data) => undoJobAction(runtime, chat, actor, data));
  execute(CARD_VERBS.sendResults, ({ chat }, actor, data) => sendResultsAction(runtime, chat, actor, data));
  // A second approval reads the approver's own roles with their own token: signed in, or the sign-in card.
  execute(CARD_VERBS.approveJob, ({ context, chat }, actor, data) => approveJobAction(runtime, chat, actor, data, async () => (await connected(context, chat, actor))?.caller));
  execute(CARD_VERBS.declineJob, ({ context, chat }, actor, data) => declineJobAction(runtime, chat, actor, data, async () => (await connected(context, chat, actor))?.caller));
  app.fileConsentAccept((context, _state, response) => acceptFileConsent(runtime, chatOf(context), response));
  app.fileConsentDecline((context, _state, response) => declineFileConsent(runtime, chatOf(context), response));
  const choose = async ({ context, chat }: CardTurn, actor: TurnActor, data: CardActionData, fromList: boolean): Promise<AdaptiveCardJson | string> => {
    if (!data.objectId) return 'This button has no object; send the command again.';
    const pending = choices.get(data.cardToken);
    if (pending && pending.initiatorId !== actor.aadObjectId) return 'Only the person who asked can choose here; send the command yourself to restore something.';
    const session = await connected(context, chat, actor);
    if (!session) return 'I could not act for you; see my message above.';
    if (pending?.action.kind === 'delete') {
      const picked = pending.action.candidates.find((c) => c.objectId === data.objectId);
      if (!picked) return 'This button is not one of the users I offered; send the command again.';
      await proposeUserDeletion(runtime, chat, session, picked.objectId);
      return buildChooseObjectCard({
        cardToken: data.cardToken,
        query: pending.query,
        action: 'delete',
        candidates: [picked],
        chosenObjectId: picked.objectId,
        audience: audienceFor(actor, { mri: actor.mri, name: session.caller.displayName }, true),
      });
    }
    const found = await findChosenObject(session.graph, data.objectId, runtime.now());
    if (!found.ok) return graphReadErrorCard('recycle-bin', "I couldn't check the recycle bin", found.error);
    if (!found.item) return 'That object is no longer in the recycle bin (restored or purged meanwhile). Nothing was changed.';
    const action: RecycleAction = pending?.action ?? { kind: 'restore', reconcileProxy: false };
    await proposeRecycleJob(runtime, chat, session, found.item, action);
    // The deleted list stays as it is; a choice card becomes the settled choice, so its other buttons are gone.
    if (fromList) return `Here is what will happen for ${found.item.displayName}; confirm on the card below.`;
    return buildChooseObjectCard({
      cardToken: data.cardToken,
      query: pending?.query ?? found.item.displayName,
      action: action.kind,
      candidates: [candidateOf(found.item)],
      chosenObjectId: found.item.id,
      audience: audienceFor(actor, { mri: actor.mri, name: session.caller.displayName }, true),
    });
  };
  execute(CARD_VERBS.chooseObject, (turn, actor, data) => choose(turn, actor, data, false));
  execute(CARD_VERBS.restoreObject, (turn, actor, data) => choose(turn, actor, data, true));

  return {
    app,
    run: async (context) => {
      await app.run(context);
    },
  };
}

