import type { AttachmentServing } from './attachments.ts';
import {
  faults,
  requestMatcher,
  type ActiveFault,
  type Fault,
  type FaultHandle,
  type RequestMatcher,
  type RestFault,
} from './faults.ts';
import { USER_ID } from './ids.ts';
import { commandId, dispatchInteraction, type InteractionOptions, type SentInteraction } from './interactions.ts';
import type { JsonObject } from './json.ts';
import { sendUserMessage, storeMessage, type UserMessageOptions } from './messages.ts';
import type { FakeDiscordOptions } from './options.ts';
import { guildChannel } from './payloads.ts';
import type { FakeMessage, RecordedRequest } from './records.ts';
import { FakeDiscordServer } from './server.ts';
import { sendMessageCommand, sendModalSubmit, sendThreadCreate, type NewThread, type TargetMessage } from './teach.ts';
import { DEFAULT_TIMEOUT_MS, describeRecent, waitUntil } from './wait.ts';

/**
 * A fake Discord on 127.0.0.1 (ephemeral port): REST under {@link apiUrl}, gateway at {@link gatewayUrl},
 * attachment downloads under `/attachments/…`. Start with `await FakeDiscord.start(options)` or
 * `await new FakeDiscord(options).start()`; always {@link close}. Tests send interactions and messages,
 * inject faults and wait for what the bot did through the methods here.
 */
export class FakeDiscord extends FakeDiscordServer {
  /** Creates and starts a fake on 127.0.0.1 with an ephemeral port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    return new FakeDiscord(options).start();
  }

  /** IDENTIFYs received. */
  get identifies(): number {
    return this.gateway.identifyCount;
  }

  /** RESUMEs received. */
  get resumes(): number {
    return this.gateway.resumeCount;
  }

  /** Heartbeats received. */
  get heartbeats(): number {
    return this.gateway.heartbeatCount;
  }

  /** When false, heartbeats get no ACK (a zombie connection). Same as `gateway.ackHeartbeats`. */
  get ackHeartbeats(): boolean {
    return this.gateway.ackHeartbeats;
  }

  set ackHeartbeats(value: boolean) {
    this.gateway.ackHeartbeats = value;
  }

  /** The heartbeat_interval sent in HELLO to connections opened from now on, ms (Discord's is ~41,250). */
  get heartbeatIntervalMs(): number {
    return this.gateway.heartbeatIntervalMs;
  }

  set heartbeatIntervalMs(value: number) {
    this.gateway.heartbeatIntervalMs = value;
  }

  /** The next `fault.times` (default 1) matching calls get this answer instead of the normal one. */
  inject(fault: Fault): void {
    this.injectFault(
      fault.match,
      faults.respond(fault.status, fault.body ?? { message: 'injected', code: 0 }, fault.headers),
      fault.times ?? 1,
    );
  }

  /**
   * Serves bytes at GET /attachments/NAME; returns the URL to put in an attachment object. With
   * `serving.chunkBytes` the body streams without a content-length (unless `serving.contentLength`), so only
   * counting bytes can stop it.
   */
  serveAttachment(
    name: string,
    bytes: Buffer | string,
    contentType = 'text/plain; charset=utf-8',
    serving: AttachmentServing = {},
  ): string {
    const data = Buffer.from(bytes);
    this.state.attachments.set(name, {
      data,
      contentType,
      contentLength: serving.chunkBytes && !serving.contentLength ? null : data.byteLength,
      chunkBytes: serving.chunkBytes ?? null,
      status: 200,
      stallAfterBytes: null,
    });
    return `${this.baseUrl}/attachments/${encodeURIComponent(name)}`;
  }

  /** Forgets recorded requests. */
  clear(): void {
    this.clearRequests();
  }

  /** Calls `listener` with every REST call as it is recorded (timing at the fake); returns the unsubscribe. */
  onRequest(listener: (r: RecordedRequest) => void): () => void {
    this.state.requestListeners.add(listener);
    return () => this.state.requestListeners.delete(listener);
  }

  /** Calls recorded so far that match. */
  find(pred: (r: RecordedRequest) => boolean): RecordedRequest[] {
    return this.state.requests.filter(pred);
  }

  /** The body of the first callback POST for an interaction (whatever it was answered), waited for. */
  async callbackOf(
    interactionId: string,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ): Promise<{ type: number; data?: Record<string, unknown> }> {
    const req = await this.waitForRequest(
      (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`),
      timeoutMs,
    );
    return req.body as { type: number; data?: Record<string, unknown> };
  }

  /** Closes every gateway connection with a close code (4000 resumable, 4007 re-identify, 1000 …). */
  closeGateway(code: number): void {
    this.gateway.close(code, 'fake close');
  }

  /** Resolves when the gateway has seen `count` IDENTIFY (or RESUME) in total. */
  async waitFor(what: 'identifies' | 'resumes', count: number, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<void> {
    await this.waitUntil(
      () => (this[what] >= count ? true : undefined),
      timeoutMs,
      `${count} ${what} (gateway saw ${this[what]})`,
    );
  }

  /** A slash command. `options` are Discord's option objects ({ name, type, value }). */
  command(name: string, options: Array<Record<string, unknown>> = [], more: InteractionOptions = {}): SentInteraction {
    const data: JsonObject = { id: commandId(this, name, more), name, type: 1, options };
    if (more.resolved) data.resolved = more.resolved;
    return dispatchInteraction(this, 'command', data, more, null);
  }

  /** An autocomplete request for the option marked `focused` of a command. */
  autocomplete(name: string, options: Array<Record<string, unknown>>, more: InteractionOptions = {}): SentInteraction {
    return dispatchInteraction(
      this,
      'autocomplete',
      { id: commandId(this, name, more), name, type: 1, options },
      more,
      null,
    );
  }

  /**
   * A button click on a message (the message as the bot sent it: embeds, components, flags; `id` to name a
   * stored message). The message is stored if its id is new, so `update`/`deferUpdate` edit it. It is in the
   * channel the interaction comes from (see {@link InteractionOptions.guildId}).
   */
  button(customId: string, message: Record<string, unknown>, more: InteractionOptions = {}): SentInteraction {
    const channelId = more.dm
      ? this.dmChannelFor(more.user?.id ?? USER_ID)
      : guildChannel(this.guild(more.guildId), undefined).id;
    const built = this.message(channelId, { author: { ...this.botUser }, ...message }) as unknown as FakeMessage;
    if (!this.state.messages.has(built.id)) storeMessage(this, built);
    return dispatchInteraction(this, 'component', { custom_id: customId, component_type: 2 }, more, built);
  }

  /** A message context-menu command on a message (stored first; Discord sends it in `data.resolved.messages`). */
  messageCommand(
    name: string,
    target: TargetMessage,
    more: InteractionOptions = {},
  ): SentInteraction & { targetId: string } {
    return sendMessageCommand(this, name, target, more);
  }

  /** A modal submit: the form's custom id and its text fields by custom id. */
  modalSubmit(customId: string, fields: Record<string, string>, more: InteractionOptions = {}): SentInteraction {
    return sendModalSubmit(this, customId, fields, more);
  }

  /** THREAD_CREATE for a new thread or forum post (see {@link NewThread}); returns the thread id. */
  threadCreate(thread: NewThread): string {
    return sendThreadCreate(this, thread);
  }

  /**
   * A MESSAGE_CREATE: in a guild's channel (#general of {@link GUILD_ID} unless `guildId` says), mentioning whom
   * `mentions` says, optionally replying to a message of the bot; or in a DM (channel_type 1, no guild, as
   * Discord sends it). Returns its id.
   */
  userMessage(content: string, options: UserMessageOptions = {}): string {
    return sendUserMessage(this, content, options);
  }

  /**
   * Resolves with the first non-undefined value of `probe`, re-evaluated whenever anything happens (a request,
   * a message, a gateway frame); rejects after `timeoutMs` with `description` and the recent requests.
   */
  waitUntil<T>(
    probe: () => T | undefined,
    timeoutMs: number = DEFAULT_TIMEOUT_MS,
    description = 'a condition',
  ): Promise<T> {
    return waitUntil(this, probe, timeoutMs, description);
  }

  /** The last requests and gateway frames, one per line (for failure messages). */
  describeRecent(count = 12): string {
    return describeRecent(this, count);
  }

  /** Every request recorded since the last {@link clearRequests}, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.state.requests;
  }

  /** Forgets recorded requests (sequence numbers keep counting). */
  clearRequests(): void {
    this.state.requests.length = 0;
  }

  /**
   * The first recorded request (past or future, since the last clear) matching, as soon as it arrives (its
   * `status` is set by the time this resolves, except under `delay`/`hang` faults).
   */
  waitForRequest(matcher: RequestMatcher, timeoutMs: number = DEFAULT_TIMEOUT_MS): Promise<RecordedRequest> {
    const match = requestMatcher(matcher);
    return this.waitUntil(() => this.state.requests.find(match), timeoutMs, 'a matching request');
  }

  /**
   * Makes the next `times` requests matching `matcher` get `fault` instead of (or, for `delay`, before) the
   * normal answer. Faults are tried in the order injected. Example:
   * `fake.injectFault({ method: 'POST', path: '/interactions/:id/:token/callback' }, faults.rateLimit(0.05))`.
   */
  injectFault(matcher: RequestMatcher, fault: RestFault, times = 1): FaultHandle {
    const active: ActiveFault = { matches: requestMatcher(matcher), fault, remaining: times, hits: 0 };
    this.state.faults.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get remaining() {
        return active.remaining;
      },
      cancel: () => {
        active.remaining = 0;
      },
    };
  }

  /** Removes every injected fault. */
  clearFaults(): void {
    this.state.faults.length = 0;
  }
}
