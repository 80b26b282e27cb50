/**
 * The entry of the worker thread that runs Starling's local cluster for a process that talks to
 * it in-process (`startLocalClusterWorker`, index.ts): the cluster without its HTTPS server,
 * served on the MessagePort the starter handed over (port-server.ts). Built as
 * `local-cluster-worker.js` beside the CLI and the app (worker-script.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { LocalCluster, type LocalClusterOptions } from './local-cluster';
import { servePort } from './port-server';

export interface LocalClusterWorkerData {
  dataDir: string;
  tuning?: Omit<LocalClusterOptions, 'dataDir' | 'port' | 'fieldManagement'>;
  port: MessagePort;
}

/** Between the worker and its starter (requests go over the handed-over port). */
export type LocalClusterWorkerMessage =
  { type: 'ready'; token: string } | { type: 'failed'; message: string } | { type: 'closed' };

async function main(): Promise<void> {
  const data = workerData as LocalClusterWorkerData;
  const parent = parentPort!;
  const post = (m: LocalClusterWorkerMessage) => parent.postMessage(m);
  let cluster: LocalCluster;
  try {
    ({ cluster } = await LocalCluster.start({ ...data.tuning, dataDir: data.dataDir, port: null }));
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const stop = servePort(cluster, data.port);
  parent.on('message', (m: { type: 'close' }) => {
    if (m.type !== 'close') return;
    stop();
    data.port.close();
    void cluster.close().finally(() => post({ type: 'closed' }));
  });
  post({ type: 'ready', token: cluster.token });
}

void main();
