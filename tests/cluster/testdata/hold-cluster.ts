// A test process that starts a cluster in a temporary folder, prints the connection as one JSON
// line, and then waits to be killed (tests/cluster/lifecycle.test.ts).
import { TestCluster } from '../test-cluster';

const cluster = await TestCluster.start();
console.log(JSON.stringify(cluster.connection));
setInterval(() => {}, 60_000);
