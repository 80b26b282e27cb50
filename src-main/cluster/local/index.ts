import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeKubeconfigContext } from './kubeconfig';
import { LocalCluster, type LocalClusterOptions } from './local-cluster';

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
