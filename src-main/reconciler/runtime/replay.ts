/**
 * Cluster I/O from synchronous Starlark builtins, by deterministic replay.
 *
 * The engine calls builtins synchronously, but a `client_get` needs an HTTP round trip. A
 * builtin that needs I/O it has not done yet throws `NeedsIo` carrying the request; the reconcile
 * unwinds, the runtime awaits the request, records its result, and runs `reconcile(self)` again
 * from the start. On the re-run each builtin call up to that point takes its recorded result in
 * order, so every request is made exactly once and the code sees the same values. This is sound
 * because a reconcile is deterministic: module globals are frozen, `time.now()` is fixed for the
 * reconcile, and Starlark has no other source of nondeterminism. A reconcile with k I/O calls runs
 * k+1 times; most reconciles make none (children are queued, not written, by client_create).
 * A replayed call that asks for something other than what was recorded is an internal error.
 *
 * The host's worker threads (src-main/host) will offer real blocking calls; the reconciler moves
 * to them for debugging sessions, keeping this path for speed where no debugger is attached.
 */
import type { Thread } from '../../starlark';
import { EvalError } from '../../starlark';

export class NeedsIo extends Error {
  override name = 'NeedsIo';
  constructor(
    readonly label: string,
    readonly request: () => Promise<unknown>,
  ) {
    super(`${label}: I/O pending (the reconcile is re-run when it completes)`);
  }
}

export class IoLog {
  readonly entries: { label: string; result: unknown }[] = [];
  #next = 0;

  /** Starts a new run of the same reconcile: calls replay from the first entry. */
  rewind(): void {
    this.#next = 0;
  }

  get calls(): number {
    return this.#next;
  }

  /** The recorded result of this call, or throws NeedsIo to have it made. */
  call<T>(label: string, request: () => Promise<T>): T {
    const i = this.#next++;
    const entry = this.entries[i];
    if (entry) {
      if (entry.label !== label)
        throw new Error(
          `internal error: reconcile replay diverged at call ${i + 1} (${entry.label} recorded, ${label} asked)`,
        );
      return entry.result as T;
    }
    throw new NeedsIo(label, request);
  }

  record(label: string, result: unknown): void {
    this.entries.push({ label, result });
  }
}

const ioLogKey = 'starling.reconcile.io';

export function setIoLog(thread: Thread, log: IoLog): void {
  thread.setLocal(ioLogKey, log);
}

export function ioLogOf(thread: Thread): IoLog {
  const log = thread.getLocal<IoLog>(ioLogKey);
  if (!log) throw new Error('cluster builtins are available only inside a reconcile');
  return log;
}

/** The NeedsIo behind an error thrown out of Starlark, if that is what it is. */
export function needsIo(err: unknown): NeedsIo | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 8 && e; depth++) {
    if (e instanceof NeedsIo) return e;
    e = e instanceof EvalError || e instanceof Error ? e.cause : undefined;
  }
  return undefined;
}

/**
 * Runs `attempt` until it finishes without pending I/O, making each request it asks for between
 * runs. `onRun` is called before each run (to reset per-run state).
 */
export async function runWithReplay<T>(
  log: IoLog,
  attempt: () => T,
  onRun: () => void = () => {},
): Promise<T> {
  for (;;) {
    log.rewind();
    onRun();
    try {
      return attempt();
    } catch (err) {
      const pending = needsIo(err);
      if (!pending) throw err;
      log.record(pending.label, await pending.request());
    }
  }
}
