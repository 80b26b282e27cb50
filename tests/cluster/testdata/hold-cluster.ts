// A test process that starts a cluster in the state folder given as its argument, prints the
// connection as one JSON line, and then waits to be killed (tests/cluster/lifecycle.test.ts).
import { TestCluster } from '../test-cluster';

const stateDir = process.argv[2];
if (!stateDir) throw new Error('usage: hold-cluster.ts STATE_DIR');
const cluster = await TestCluster.start({ stateDir });
console.log(JSON.stringify(cluster.connection));
setInterval(() => {}, 60_000);
