import type { LocalClusterAccess } from '../cluster/contexts';

export interface AppLocalCluster {
  access: LocalClusterAccess;
  close(): Promise<void>;
}

/**
 * Starts Starling's local cluster in this process for the workbench (the `starling-local`
 * context). Returns undefined, with the reason on stderr, when it cannot start; the workbench
 * then lists `starling-local` with that error and every other context still works.
 */
export async function startLocalClusterForApp(
  _options: { dataDir?: string } = {},
): Promise<AppLocalCluster | undefined> {
  // The local cluster (src-main/cluster/local) is being built; until it lands, the workbench
  // runs without it.
  return undefined;
}
