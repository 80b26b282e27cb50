// Runs the `starling` command from its TypeScript sources (tests spawn it with `node --import tsx`).
import { main } from '../../../src-main/cli/starling';

process.exitCode = await main(process.argv.slice(2));
