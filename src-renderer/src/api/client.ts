import type {
  ClientMessage,
  ErrorShape,
  EventChannel,
  EventParams,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  Reply,
  ServerMessage,
} from '../../../src-main/contract';
import { StarlingError } from './errors';

/** What carries the protocol's messages: the preload's bridge, or a WebSocket. */
export interface MessageCarrier {
  send(message: ClientMessage): void;
  onMessage(listener: (message: ServerMessage) => void): () => void;
  /** Called after the carrier reconnected (a WebSocket after the server came back). */
  onReconnect?(listener: () => void): () => void;
}

export interface StreamHandlers<E> {
  event(event: E): void;
  /** The stream failed to start or main ended it; not called after `close()`. */
  error?(error: StarlingError): void;
}

/** A running subscription: `close()` stops it. */
export interface StreamSubscription {
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface ActiveStream {
  channel: string;
  params: unknown;
  handlers: StreamHandlers<unknown>;
}

/**
 * The renderer's side of the contract: typed `invoke` and `subscribe` over any carrier. Replies
 * become values or real `Error`s (`StarlingError`); streams are resubscribed after a reconnect.
 */
export class ApiClient {
  readonly #carrier: MessageCarrier;
  readonly #pending = new Map<number, Pending>();
  readonly #streams = new Map<number, ActiveStream>();
  #nextId = 1;

  constructor(carrier: MessageCarrier) {
    this.#carrier = carrier;
    carrier.onMessage((m) => this.#receive(m));
    carrier.onReconnect?.(() => this.#resubscribe());
  }

  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#carrier.send({ type: 'invoke', id, channel, args });
    });
  }

  subscribe<C extends EventChannel>(
    channel: C,
    params: EventParams<C>,
    handlers: StreamHandlers<EventPayload<C>>,
  ): StreamSubscription {
    const id = this.#nextId++;
    const stream: ActiveStream = { channel, params, handlers: handlers as StreamHandlers<unknown> };
    this.#streams.set(id, stream);
    this.#startStream(id, stream);
    return {
      close: () => {
        if (this.#streams.delete(id)) this.#carrier.send({ type: 'unsubscribe', id });
        this.#pending.delete(id);
      },
    };
  }

  #startStream(id: number, stream: ActiveStream): void {
    this.#pending.set(id, {
      resolve: () => undefined,
      reject: (err) => {
        if (this.#streams.delete(id)) stream.handlers.error?.(err as StarlingError);
      },
    });
    this.#carrier.send({ type: 'subscribe', id, channel: stream.channel, params: stream.params });
  }

  #resubscribe(): void {
    // The server has a new session for us: replies in flight are lost, streams start again
    // under the same ids.
    for (const [id, p] of this.#pending) {
      if (!this.#streams.has(id)) {
        p.reject(
          new StarlingError({
            name: 'TransportError',
            message: 'the connection to Starling was lost',
            hint: 'try again',
          }),
        );
      }
    }
    this.#pending.clear();
    for (const [id, stream] of this.#streams) this.#startStream(id, stream);
  }

  #receive(message: ServerMessage): void {
    switch (message.type) {
      case 'reply': {
        const pending = this.#pending.get(message.id);
        if (!pending) return;
        this.#pending.delete(message.id);
        settle(message.reply, pending);
        return;
      }
      case 'event':
        this.#streams.get(message.id)?.handlers.event(message.event);
        return;
      case 'ended': {
        const stream = this.#streams.get(message.id);
        this.#streams.delete(message.id);
        if (stream && message.error) stream.handlers.error?.(revive(message.error));
        return;
      }
    }
  }
}

function settle(reply: Reply<unknown>, pending: Pending): void {
  if ('error' in reply) pending.reject(revive(reply.error));
  else pending.resolve(reply.result);
}

export function revive(shape: ErrorShape): StarlingError {
  return new StarlingError(shape);
}
