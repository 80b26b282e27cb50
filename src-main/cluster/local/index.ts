import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { ClusterConnection } from '../connection';
import { PortTransport } from '../port-transport';
import { writeKubeconfigContext } from './kubeconfig';
import { LocalCluster, type LocalClusterOptions } from './local-cluster';
import { servePort } from './port-server';
import type { LocalClusterWorkerData, LocalClusterWorkerMessage } from './worker';

export { LocalCluster } from './local-cluster';
export type { LocalClusterOptions } from './local-cluster';

export interface StartLocalClusterOptions {
  /** Where the cluster keeps its database, certificates and token. */
  dataDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Write or update a context for the cluster in this kubeconfig (absent: write none). */
  kubeconfigPath?: string;
  /** The context's name (default `starling-local`). */
  contextName?: string;
  /** Tuning for tests: bookmark interval, compaction. */
  tuning?: Omit<LocalClusterOptions, 'dataDir' | 'port'>;
}

export interface RunningLocalCluster {
  /** `https://127.0.0.1:PORT` */
  url: string;
  /** The CA certificate (PEM) that signed the serving certificate. */
  caData: string;
  /** The bearer token every request must carry. */
  token: string;
  /** The kubeconfig that got the context, when one was asked for. */
  kubeconfigPath?: string;
  contextName: string;
  /** The running cluster, for in-process use (tests wait on `settled()`). */
  cluster: LocalCluster;
  close(): Promise<void>;
}

export const defaultContextName = 'starling-local';

/** Starts Starling's local cluster in this process (what `starling local` runs). */
export async function startLocalCluster(
  options: StartLocalClusterOptions,
): Promise<RunningLocalCluster> {
  const { cluster, url } = await LocalCluster.start({
    dataDir: options.dataDir,
    port: options.port ?? 0,
    ...options.tuning,
  });
  const contextName = options.contextName ?? defaultContextName;
  const running: RunningLocalCluster = {
    url,
    caData: cluster.certificates.caPem,
    token: cluster.token,
    contextName,
    cluster,
    close: () => cluster.close(),
  };
  if (options.kubeconfigPath) {
    try {
      writeKubeconfigContext(options.kubeconfigPath, {
        contextName,
        server: url,
        caPem: cluster.certificates.caPem,
        token: cluster.token,
      });
    } catch (err) {
      await cluster.close();
      throw err;
    }
    running.kubeconfigPath = options.kubeconfigPath;
  }
  return running;
}

export interface InProcessLocalCluster {
  /** Requests to the cluster (for `new ClusterConnection(context, transport)`). */
  transport: PortTransport;
  /** The cluster itself when it runs on this thread (`thread: 'this'`). */
  cluster?: LocalCluster;
  close(): Promise<void>;
}

/**
 * Starts Starling's local cluster for this process only, without HTTPS: requests and watches
 * travel over a MessagePort (port-transport.ts). By default the cluster runs in its own worker
 * thread, so it and its client use two cores; `thread: 'this'` keeps it on this thread.
 */
export async function startLocalClusterInProcess(options: {
  dataDir: string;
  tuning?: Omit<LocalClusterOptions, 'dataDir' | 'port' | 'fieldManagement'>;
  thread?: 'worker' | 'this';
}): Promise<InProcessLocalCluster> {
  const channel = new MessageChannel();
  if (options.thread === 'this') {
    const { cluster } = await LocalCluster.start({
      ...options.tuning,
      dataDir: options.dataDir,
      port: null,
    });
    const stop = servePort(cluster, channel.port1);
    const transport = new PortTransport(channel.port2);
    return {
      transport,
      cluster,
      async close() {
        transport.dispose();
        stop();
        channel.port1.close();
        await cluster.close();
      },
    };
  }
  const data: LocalClusterWorkerData = {
    dataDir: options.dataDir,
    ...(options.tuning ? { tuning: options.tuning } : {}),
    port: channel.port1,
  };
  const worker = startWorker(data);
  const transport = new PortTransport(channel.port2);
  let closed: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: LocalClusterWorkerMessage) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'failed')
        reject(new Error(`the local cluster did not start: ${m.message}`));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the local cluster's worker exited (code ${code}) before it started`)),
    );
  }).catch(async (err: unknown) => {
    transport.dispose();
    await worker.terminate();
    throw err;
  });
  return {
    transport,
    close() {
      closed ??= (async () => {
        transport.dispose();
        const done = new Promise<void>((resolve) =>
          worker.on('message', (m: LocalClusterWorkerMessage) => {
            if (m.type === 'closed') resolve();
          }),
        );
        worker.postMessage({ type: 'close' });
        await Promise.race([done, exited, new Promise((r) => setTimeout(r, 10_000))]);
        await worker.terminate();
      })();
      return closed;
    },
  };
}

const builtWorker = 'local-cluster-worker.js';

/**
 * The worker running worker.ts: the built `local-cluster-worker.js` beside the bundle, or,
 * running from TypeScript sources (vitest, tsx), worker.ts itself through tsx's loader.
 */
function startWorker(data: LocalClusterWorkerData): Worker {
  const here = import.meta.url;
  // Not the process's own flags: `--input-type` (node -e) and the like fail a worker's start.
  const options = { workerData: data, transferList: [data.port], execArgv: [] };
  if (!here.endsWith('.ts')) {
    for (const rel of [`./${builtWorker}`, `../${builtWorker}`]) {
      const url = new URL(rel, here);
      if (existsSync(url)) return new Worker(url, options);
    }
    throw new Error(`${builtWorker} not found beside ${fileURLToPath(here)}`);
  }
  const entry = new URL('./worker.ts', here).href;
  // tsx's ESM entry (its CommonJS one cannot register the ESM loader); vitest has no
  // import.meta.resolve, and the bare name then resolves from the working directory.
  const tsx = import.meta.resolve?.('tsx/esm/api') ?? 'tsx/esm/api';
  const code = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...options, eval: true });
}

/**
 * A connection to a new, empty local cluster in its own worker thread, kept in a temporary folder
 * that `close()` removes (what `starling run --local` uses).
 */
export async function connectToScratchLocalCluster(
  context: string,
  folderPrefix: string,
): Promise<{ connection: ClusterConnection; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), folderPrefix));
  const local = await startLocalClusterInProcess({ dataDir });
  const connection = new ClusterConnection(context, local.transport);
  return {
    connection,
    async close() {
      connection.dispose();
      await local.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The data directory `starling local` uses by default: the user's application data folder. */
export function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'darwin')
    return join(home, 'Library', 'Application Support', 'Starling', 'local-cluster');
  if (process.platform === 'win32')
    return join(
      process.env.APPDATA ?? join(home, 'AppData', 'Roaming'),
      'Starling',
      'local-cluster',
    );
  return join(
    process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'),
    'starling',
    'local-cluster',
  );
}

/** The kubeconfig kubectl uses by default. */
export function defaultKubeconfigPath(): string {
  const first = process.env.KUBECONFIG?.split(process.platform === 'win32' ? ';' : ':').find(
    (p) => p !== '',
  );
  return first ?? join(homedir(), '.kube', 'config');
}
