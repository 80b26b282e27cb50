// npm run test-cluster -- <start|stop|status|build>: a test cluster for this clone, kept
// running between commands. Its state lives in one folder per clone (see stateDirForClone), so
// clusters started from different worktrees never touch each other.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBinaries } from './binaries';
import { runningCluster, stopTestCluster, TestCluster } from './test-cluster';

const usage = `usage: npm run test-cluster -- <command>

  start   start the test cluster (or report the one already running); prints KUBECONFIG=<path>
  stop    stop it and remove its state; leaves no process behind
  status  print the running cluster's KUBECONFIG, or exit 1 if none runs
  build   build the binaries into the cache (start does this too when needed)
  kubectl print the path of the kubectl built with the cluster (building it if needed)`;

/**
 * The state folder of this clone's CLI cluster: stable, short (a Unix socket lives in it).
 * STARLING_TEST_CLUSTER_DIR overrides it (the lifecycle tests use their own).
 */
export function stateDirForClone(): string {
  const override = process.env['STARLING_TEST_CLUSTER_DIR'];
  if (override) return resolve(override);
  const clone = resolve(import.meta.dirname, '../..');
  const id = createHash('sha256').update(clone).digest('hex').slice(0, 10);
  return join(tmpdir(), `starling-test-cluster-${process.getuid?.() ?? 0}`, id);
}

const log = (message: string) => console.error(`test-cluster: ${message}`);

async function main(command: string | undefined): Promise<number> {
  const stateDir = stateDirForClone();
  switch (command) {
    case 'start': {
      const running = runningCluster(stateDir);
      if (running) {
        log(`already running at ${running.server}`);
        console.log(`KUBECONFIG=${running.kubeconfig}`);
        return 0;
      }
      const cluster = await TestCluster.start({ stateDir, detach: true, log });
      console.log(`KUBECONFIG=${cluster.connection.kubeconfig}`);
      log(`context ${cluster.connection.context}; kubectl: ${cluster.connection.kubectl}`);
      return 0;
    }
    case 'stop':
      log((await stopTestCluster(stateDir)) ? 'stopped' : 'no test cluster was running');
      return 0;
    case 'status': {
      const running = runningCluster(stateDir);
      if (!running) {
        log('no test cluster is running');
        return 1;
      }
      log(`running at ${running.server} (supervisor pid ${running.supervisorPid})`);
      console.log(`KUBECONFIG=${running.kubeconfig}`);
      return 0;
    }
    case 'build': {
      const binaries = await ensureBinaries({ log });
      log(`binaries in ${binaries.dir}`);
      return 0;
    }
    case 'kubectl':
      console.log((await ensureBinaries({ log })).kubectl);
      return 0;
    default:
      console.error(usage);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test-cluster: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
