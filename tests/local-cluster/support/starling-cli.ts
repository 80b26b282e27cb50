// Runs the `starling` command from source (the same main() bin/starling.js runs once built):
//   node --import tsx tests/local-cluster/support/starling-cli.ts local --port 0 ...
import { main } from '../../../src-main/cli/starling';

process.exitCode = await main(process.argv.slice(2));
