import type { ServerMessage } from '../../contract';
import { toErrorShape } from './errors';
import { parseClientMessage } from './messages';
import type { ApiRouter, Subscription } from './router';

/**
 * One renderer connected to main: an Electron window or a WebSocket. It runs the protocol of
 * contract/transport.ts over whatever carries its messages, and owns the peer's subscriptions, so
 * closing the window or the socket stops every stream only this peer was watching.
 */
export class ApiSession {
  readonly #router: ApiRouter;
  readonly #send: (message: ServerMessage) => void;
  readonly #subscriptions = new Map<number, Subscription | 'pending'>();
  #disposed = false;

  constructor(router: ApiRouter, send: (message: ServerMessage) => void) {
    this.#router = router;
    this.#send = send;
  }

  /** Handles one message from the renderer (already decoded from JSON or structured clone). */
  receive(raw: unknown): void {
    if (this.#disposed) return;
    const message = parseClientMessage(raw);
    if ('invalid' in message) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (Number.isSafeInteger(id)) {
        this.#post({
          type: 'reply',
          id: id as number,
          reply: { error: { name: 'ProtocolError', message: message.invalid } },
        });
      }
      return;
    }
    switch (message.type) {
      case 'invoke':
        void this.#router.invoke(message.channel, message.args).then((reply) => {
          this.#post({ type: 'reply', id: message.id, reply });
        });
        return;
      case 'subscribe':
        this.#subscribe(message.id, message.channel, message.params);
        return;
      case 'unsubscribe':
        this.#unsubscribe(message.id);
        return;
    }
  }

  #subscribe(id: number, channel: string, params: unknown): void {
    if (this.#subscriptions.has(id)) {
      this.#post({
        type: 'reply',
        id,
        reply: { error: { name: 'ProtocolError', message: `subscription ${id} already exists` } },
      });
      return;
    }
    this.#subscriptions.set(id, 'pending');
    const sink = {
      event: (event: unknown) => this.#post({ type: 'event', id, event }),
      end: (error?: unknown) => {
        this.#subscriptions.delete(id);
        this.#post(
          error === undefined
            ? { type: 'ended', id }
            : { type: 'ended', id, error: toErrorShape(error) },
        );
      },
    };
    // The reply must precede the first event, which `listen` may send at once: hold events (and
    // an early end) until the subscription is acknowledged.
    const early: unknown[] = [];
    let earlyEnd: { error?: unknown } | undefined;
    let acknowledged = false;
    const buffered = {
      event: (e: unknown) => (acknowledged ? sink.event(e) : early.push(e)),
      end: (error?: unknown) => (acknowledged ? sink.end(error) : (earlyEnd = { error })),
    };
    this.#router.subscribe(channel, params, buffered).then(
      (subscription) => {
        if (this.#disposed || this.#subscriptions.get(id) !== 'pending') {
          subscription.close();
          return;
        }
        this.#subscriptions.set(id, subscription);
        this.#post({ type: 'reply', id, reply: { result: null } });
        acknowledged = true;
        for (const e of early.splice(0)) sink.event(e);
        if (earlyEnd) sink.end(earlyEnd.error);
      },
      (err: unknown) => {
        this.#subscriptions.delete(id);
        this.#post({ type: 'reply', id, reply: { error: toErrorShape(err) } });
      },
    );
  }

  #unsubscribe(id: number): void {
    const subscription = this.#subscriptions.get(id);
    this.#subscriptions.delete(id);
    if (subscription && subscription !== 'pending') subscription.close();
  }

  #post(message: ServerMessage): void {
    if (!this.#disposed) this.#send(message);
  }

  /** How many streams this peer is subscribed to. */
  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const s of this.#subscriptions.values()) if (s !== 'pending') s.close();
    this.#subscriptions.clear();
  }
}
