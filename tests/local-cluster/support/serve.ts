// Runs Starling's local cluster in a child process for tests that need to kill it:
//   node --import tsx tests/local-cluster/support/serve.ts DATA_DIR KUBECONFIG
// Prints one JSON line with the URL once it serves.
import { startLocalCluster } from '../../../src-main/cluster/local/index';

const [dataDir, kubeconfigPath] = process.argv.slice(2);
if (!dataDir || !kubeconfigPath) {
  process.stderr.write('usage: serve.ts DATA_DIR KUBECONFIG\n');
  process.exit(2);
}
const running = await startLocalCluster({ dataDir, kubeconfigPath });
process.stdout.write(JSON.stringify({ url: running.url }) + '\n');
const stop = () => void running.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
