/**
 * The host's side of one worker: the Worker itself, its control port and the shared memory the
 * worker waits on (see protocol.ts). Posting a control message increments SIGNAL and wakes the
 * worker if it is blocked.
 */
import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { SHARED_BYTES, SIGNAL, type ControlMessage, type WorkerMessage } from './protocol';

export class HostWorker {
  private readonly worker: Worker;
  private readonly control: MessagePort;
  private readonly shared = new Int32Array(new SharedArrayBuffer(SHARED_BYTES));
  /** Resolves once the worker has loaded the engine and can take a run. */
  readonly ready: Promise<void>;
  /** Set once the worker has exited. */
  exited = false;
  /** Set once terminate() was called. */
  terminating = false;
  /** Resolves when the worker has exited. */
  readonly closed: Promise<void>;

  constructor(
    script: URL,
    readonly resourceLimits: ResourceLimits,
    onMessage: (w: HostWorker, m: WorkerMessage) => void,
    onExit: (w: HostWorker, error: Error | undefined) => void,
  ) {
    const channel = new MessageChannel();
    this.control = channel.port1;
    this.worker = new Worker(script, {
      workerData: { shared: this.shared.buffer, control: channel.port2 },
      transferList: [channel.port2],
      resourceLimits,
      // Plain JavaScript: none of the host's Node flags (loaders, --input-type, --inspect).
      execArgv: [],
      // The worker gets nothing of the host's environment.
      env: {},
      stdout: false,
      stderr: false,
    });
    let failure: Error | undefined;
    this.ready = new Promise((resolve, reject) => {
      const onReady = (m: WorkerMessage) => {
        if (m.type !== 'ready') return;
        this.worker.off('message', onReady);
        resolve();
      };
      this.worker.on('message', onReady);
      this.worker.once('exit', () =>
        reject(failure ?? new Error('the Starlark worker exited while starting')),
      );
    });
    this.ready.catch(() => {}); // a failed start is reported through the run that waited for it
    this.worker.on('message', (m: WorkerMessage) => onMessage(this, m));
    this.worker.on('error', (e) => (failure = e));
    this.closed = new Promise((resolve) =>
      this.worker.on('exit', () => {
        this.exited = true;
        this.control.close();
        onExit(this, failure);
        resolve();
      }),
    );
    // A starting worker keeps the process alive (a run may be waiting for it); the host calls
    // idle() once it has nothing to do.
  }

  post(message: ControlMessage): void {
    if (this.exited) return;
    this.control.postMessage(message);
    Atomics.add(this.shared, SIGNAL, 1);
    Atomics.notify(this.shared, SIGNAL);
  }

  /** While running a thread, the worker keeps the process alive. */
  busy(): void {
    this.worker.ref();
  }

  /** An idle worker does not keep the process alive (one being terminated does, until it exits). */
  idle(): void {
    if (this.terminating) return;
    this.worker.unref();
    this.control.unref();
  }

  /** Stops the worker; the process stays alive until it has exited (so `closed` settles). */
  terminate(): void {
    if (this.exited) return;
    this.terminating = true;
    this.worker.ref();
    void this.worker.terminate();
  }
}
