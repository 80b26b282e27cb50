import type {
  EventChannel,
  EventParams,
  EventPayload,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
  Reply,
} from '../../contract';
import { toErrorShape } from './errors';

export type Handler<C extends InvokeChannel> = (
  ...args: InvokeArgs<C>
) => InvokeResult<C> | Promise<InvokeResult<C>>;

/** Where a live stream delivers: its events, then at most one end (with the reason, if any). */
export interface StreamSink<E> {
  event(event: E): void;
  end(error?: unknown): void;
}

/**
 * A running source of events, shared by every subscriber with the same params. `listen` brings a
 * new listener up to date first (a table sends its current rows as a `reset`), then forwards
 * what happens; it returns the function that stops listening.
 */
export interface LiveStream<E> {
  listen(sink: StreamSink<E>): () => void;
  dispose(): void;
}

export type StreamFactory<C extends EventChannel> = (
  params: EventParams<C>,
) => LiveStream<EventPayload<C>> | Promise<LiveStream<EventPayload<C>>>;

/** A subscription: `close()` stops listening and, for the last listener, stops the source. */
export interface Subscription {
  close(): void;
}

interface SharedStream {
  stream: Promise<LiveStream<unknown>>;
  listeners: number;
}

/**
 * The main side of the contract, independent of the transport: invocation handlers and stream
 * factories by channel. A stream's source starts when the first subscriber asks for it and is
 * disposed when the last one leaves; subscribers with equal params share one source.
 */
export class ApiRouter {
  readonly #handlers = new Map<string, (...args: unknown[]) => unknown>();
  readonly #factories = new Map<string, (params: unknown) => unknown>();
  readonly #shared = new Map<string, SharedStream>();

  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): this {
    this.#handlers.set(channel, handler as (...args: unknown[]) => unknown);
    return this;
  }

  stream<C extends EventChannel>(channel: C, factory: StreamFactory<C>): this {
    this.#factories.set(channel, factory as (params: unknown) => unknown);
    return this;
  }

  /** Runs a channel's handler; never throws: failures come back as `{error}`. */
  async invoke(channel: string, args: unknown[]): Promise<Reply<unknown>> {
    const handler = this.#handlers.get(channel);
    if (!handler) return { error: toErrorShape(notAvailable('invocation', channel)) };
    try {
      const result = await handler(...args);
      return { result: result === undefined ? null : result };
    } catch (err) {
      return { error: toErrorShape(err) };
    }
  }

  /**
   * Subscribes a sink to a channel's stream. Resolves once the subscription stands; rejects when
   * the channel is unknown or its source cannot start.
   */
  async subscribe(
    channel: string,
    params: unknown,
    sink: StreamSink<unknown>,
  ): Promise<Subscription> {
    const factory = this.#factories.get(channel);
    if (!factory) throw notAvailable('stream', channel);
    const key = `${channel} ${stableJson(params)}`;
    let shared = this.#shared.get(key);
    if (!shared) {
      shared = {
        stream: Promise.resolve().then(() => factory(params) as LiveStream<unknown>),
        listeners: 0,
      };
      this.#shared.set(key, shared);
    }
    const entry = shared;
    entry.listeners++;
    let stream: LiveStream<unknown>;
    try {
      stream = await entry.stream;
    } catch (err) {
      this.#release(key, entry);
      throw err;
    }
    let ended = false;
    let closed = false;
    // Declared before `listen` runs: a source may end (and so call `close`) inside `listen`.
    // eslint-disable-next-line prefer-const
    let unlisten: (() => void) | undefined;
    const close = () => {
      if (closed) return;
      closed = true;
      unlisten?.();
      this.#release(key, entry);
    };
    unlisten = stream.listen({
      event: (e) => {
        if (!ended) sink.event(e);
      },
      end: (error) => {
        if (ended) return;
        ended = true;
        close();
        sink.end(error);
      },
    });
    if (closed) unlisten();
    return { close };
  }

  /** How many sources are running now (for tests and diagnostics). */
  get runningStreams(): number {
    return this.#shared.size;
  }

  #release(key: string, entry: SharedStream): void {
    entry.listeners--;
    if (entry.listeners > 0 || this.#shared.get(key) !== entry) return;
    this.#shared.delete(key);
    void entry.stream.then(
      (s) => s.dispose(),
      () => undefined,
    );
  }

  /** Stops every running source. */
  dispose(): void {
    const entries = [...this.#shared.values()];
    this.#shared.clear();
    for (const e of entries) {
      void e.stream.then(
        (s) => s.dispose(),
        () => undefined,
      );
    }
  }
}

function notAvailable(what: string, channel: string): Error {
  return Object.assign(new Error(`no ${what} "${channel}" in this version of Starling`), {
    name: 'UnknownChannelError',
    hint: 'the renderer and the main process come from different builds: rebuild and restart',
  });
}

/** JSON with object keys sorted, so equal params give equal keys whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
