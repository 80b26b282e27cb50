/**
 * The entry point of a host worker (built as `host-worker.js`): receives runs on its control port
 * and executes them one at a time (see ../protocol.ts and runner.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ControlMessage, WorkerMessage } from '../protocol';
import { HostLink } from './link';
import { JobRunner } from './runner';

const { shared, control } = workerData as { shared: SharedArrayBuffer; control: MessagePort };
const send = (m: WorkerMessage) => parentPort!.postMessage(m);
const runner = new JobRunner(new HostLink(shared, control, send));
control.on('message', (m: ControlMessage) => runner.control(m));
send({ type: 'ready' });
