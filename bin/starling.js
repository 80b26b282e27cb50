#!/usr/bin/env node
// The `starling` command: runs the CLI built by `npm run build:cli` (npm install builds it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/cli/starling.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'starling: the CLI is not built yet; run `npm run build` in the Starling checkout\n',
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
