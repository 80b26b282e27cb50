import type { ClientMessage, ServerMessage } from '../../../src-main/contract';
import type { MessageCarrier } from '../api/client';

/**
 * A carrier whose other end is the test: it records what the renderer sends and lets the test
 * answer as main would. (Not a mock of HTTP: the renderer's protocol runs over it unchanged.)
 */
export class MemoryCarrier implements MessageCarrier {
  readonly sent: ClientMessage[] = [];
  readonly #listeners = new Set<(m: ServerMessage) => void>();
  /** Answers invocations by channel; unanswered ones stay pending. */
  handlers: Record<string, (...args: unknown[]) => unknown> = {};

  send(message: ClientMessage): void {
    this.sent.push(message);
    if (message.type === 'invoke') {
      const handler = this.handlers[message.channel];
      if (!handler) return;
      queueMicrotask(() => {
        try {
          this.push({ type: 'reply', id: message.id, reply: { result: handler(...message.args) } });
        } catch (err) {
          const e = err as Error & { hint?: string };
          this.push({
            type: 'reply',
            id: message.id,
            reply: {
              error: { name: e.name, message: e.message, ...(e.hint ? { hint: e.hint } : {}) },
            },
          });
        }
      });
    }
  }

  onMessage(listener: (m: ServerMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  push(message: ServerMessage): void {
    for (const l of this.#listeners) l(message);
  }

  /** The open subscriptions to a channel (subscribed and not unsubscribed). */
  subscriptions(channel: string): Extract<ClientMessage, { type: 'subscribe' }>[] {
    const closed = new Set(this.sent.filter((m) => m.type === 'unsubscribe').map((m) => m.id));
    return this.sent.filter(
      (m): m is Extract<ClientMessage, { type: 'subscribe' }> =>
        m.type === 'subscribe' && m.channel === channel && !closed.has(m.id),
    );
  }
}
