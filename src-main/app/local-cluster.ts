import type { LocalClusterAccess } from '../cluster/contexts';
import {
  defaultDataDir,
  startLocalCluster,
  type RunningLocalCluster,
} from '../cluster/local/index';
import { StorageLockedError } from '../cluster/local/storage/revision-log';

export interface AppLocalCluster {
  access: LocalClusterAccess;
  running: RunningLocalCluster;
  close(): Promise<void>;
}

export interface AppLocalClusterOptions {
  /** Default: the user's application data folder, shared with `starling local`. */
  dataDir?: string;
  /** Where to say why the cluster did not start. */
  warn?: (message: string) => void;
}

/**
 * Starts Starling's local cluster in this process for the workbench (the `starling-local`
 * context; no kubeconfig is written). When it cannot start — most often because `starling local`
 * already runs on the same data — it says why and returns undefined: the workbench then uses the
 * `starling-local` context of the kubeconfig if there is one, and every other context still works.
 */
export async function startLocalClusterForApp(
  options: AppLocalClusterOptions = {},
): Promise<AppLocalCluster | undefined> {
  const warn = options.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  try {
    const running = await startLocalCluster({
      dataDir: options.dataDir ?? defaultDataDir(),
      port: 0,
    });
    return {
      access: { url: running.url, caData: running.caData, token: running.token },
      running,
      close: () => running.close(),
    };
  } catch (err) {
    if (err instanceof StorageLockedError) {
      warn(
        `the local cluster's data is in use by another Starling (${err.message}); using the kubeconfig's starling-local context`,
      );
    } else {
      warn(`the local cluster did not start: ${(err as Error).message}`);
    }
    return undefined;
  }
}
