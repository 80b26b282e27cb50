/**
 * The worker's side of the channel to its host (see ../protocol.ts): posting messages, and
 * blocking the thread until the host answers — without spinning — while still seeing every
 * control message (cancellation, debugger requests) that arrives meanwhile.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { SIGNAL, type ControlMessage, type WorkerMessage } from '../protocol';

export type ControlHandler = (message: ControlMessage) => void;

export class HostLink {
  private readonly shared: Int32Array;
  /** The SIGNAL value when the control port was last drained. */
  private seen = 0;
  private lastCallId = 0;
  /** Replies by call id, until their caller takes them. */
  private readonly replies = new Map<number, Extract<ControlMessage, { type: 'reply' }>>();
  private readonly awaited = new Set<number>();
  /** Handles every control message other than replies. */
  onControl: ControlHandler = () => {};

  constructor(
    shared: SharedArrayBuffer,
    private readonly control: MessagePort,
    private readonly send: (message: WorkerMessage) => void,
  ) {
    this.shared = new Int32Array(shared);
  }

  post(message: WorkerMessage): void {
    this.send(message);
  }

  /** Whether the host posted something since the last drain (one atomic load). */
  get pending(): boolean {
    return Atomics.load(this.shared, SIGNAL) !== this.seen;
  }

  /** Handles every control message that has arrived. */
  drain(): void {
    this.seen = Atomics.load(this.shared, SIGNAL);
    for (;;) {
      const received = receiveMessageOnPort(this.control);
      if (received === undefined) return;
      const message = received.message as ControlMessage;
      if (message.type === 'reply') {
        // A reply nobody waits for any more belongs to a cancelled call: dropped.
        if (this.awaited.has(message.callId)) this.replies.set(message.callId, message);
      } else {
        this.onControl(message);
      }
    }
  }

  /** A fresh id for a blocking call. */
  nextCallId(): number {
    return ++this.lastCallId;
  }

  /**
   * Posts `message` (a call carrying `callId`) and blocks until its reply arrives, `stop()`
   * returns a reason to give up (cancellation), or `deadline` (epoch ms) passes.
   */
  call(
    callId: number,
    message: WorkerMessage,
    stop: () => boolean,
    deadline: () => number,
  ): Extract<ControlMessage, { type: 'reply' }> | 'stopped' | 'timeout' {
    this.awaited.add(callId);
    try {
      this.post(message);
      return this.waitUntil(() => this.replies.get(callId), stop, deadline);
    } finally {
      this.awaited.delete(callId);
      this.replies.delete(callId);
    }
  }

  /**
   * Blocks until `ready()` gives a value, handling control messages as they come; gives up with
   * 'stopped' when stop() says so and with 'timeout' at the deadline (epoch ms; Infinity: none).
   */
  waitUntil<T>(
    ready: () => T | undefined,
    stop: () => boolean,
    deadline: () => number = () => Infinity,
  ): T | 'stopped' | 'timeout' {
    for (;;) {
      // Read SIGNAL before draining: a message posted after the drain changes SIGNAL, and the
      // wait below then returns at once instead of sleeping through it.
      const signal = Atomics.load(this.shared, SIGNAL);
      this.drain();
      const value = ready();
      if (value !== undefined) return value;
      if (stop()) return 'stopped';
      const left = deadline() - Date.now();
      if (left <= 0) return 'timeout';
      Atomics.wait(this.shared, SIGNAL, signal, left === Infinity ? undefined : left);
    }
  }
}
