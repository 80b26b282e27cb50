/**
 * Starts a host worker: receives runs on its control port and executes them one at a time (see
 * ../protocol.ts and runner.ts), with the worker extensions of this entry point.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ControlMessage, WorkerMessage } from '../protocol';
import type { WorkerExtension } from './extension';
import { HostLink } from './link';
import { JobRunner } from './runner';

export function startHostWorker(extensions: ReadonlyMap<string, WorkerExtension> = new Map()) {
  const { shared, control } = workerData as { shared: SharedArrayBuffer; control: MessagePort };
  const send = (m: WorkerMessage) => parentPort!.postMessage(m);
  const runner = new JobRunner(new HostLink(shared, control, send), extensions);
  control.on('message', (m: ControlMessage) => runner.control(m));
  send({ type: 'ready' });
}

export type { ExtensionRun, WorkerExtension } from './extension';
