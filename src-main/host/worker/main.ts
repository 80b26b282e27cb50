/**
 * The entry point of a host worker (built as `host-worker.js`): a worker with no extensions
 * (see start.ts).
 */
import { startHostWorker } from './start';

startHostWorker();
