#!/usr/bin/env node
// The `starling` command: runs the CLI built by `npm run build:cli` (npm install builds it).
//
// A CommonJS script (bin/package.json), because `starling exec` takes a short cut: a Starlark
// program's whole run is often shorter than Node's own start-up, so exec skips the ES module
// loader and the rest of the CLI. It runs out/cli/exec.cjs (exec alone, one file) as a classic
// script with a V8 code cache, so the engine's code is not parsed and compiled again on every
// run. The cache lives in ${STARLING_CACHE:-~/.cache/starling}/code-cache/, keyed by Node's
// version and the bundle's size and time; a cache V8 rejects is written anew. V8 rejects a cache
// written under other V8 flags, so `node --some-v8-flag bin/starling.js exec` and a plain run take
// turns rewriting a shared cache: give each its own STARLING_CACHE when comparing them.
'use strict';

const fs = process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');

const outDir = path.join(__dirname, '..', 'out', 'cli');

if (!fs.existsSync(path.join(outDir, 'starling.js'))) {
  fs.writeSync(
    2,
    'starling: the CLI is not built yet; run `npm run build` in the Starling checkout\n',
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
const help = argv.includes('--help') || argv.includes('-h');
(argv[0] === 'exec' && !help ? execShortCut(argv.slice(1)) : Promise.resolve(undefined))
  .then((status) => status ?? fullCli(argv))
  .then((status) => {
    process.exitCode = status;
  });

/** The whole CLI (every subcommand, usage errors, --help). */
async function fullCli(args) {
  const { main } = await import(path.join(outDir, 'starling.js'));
  return main(args);
}

/** `starling exec` from out/cli/exec.cjs; undefined when the command line is wrong. */
async function execShortCut(args) {
  const file = path.join(outDir, 'exec.cjs');
  // The bundle is ASCII (checked by its build), so its text is a one-byte string. Read as UTF-8
  // it goes from the file to the string in C++, without a Buffer (280 KB) held until a GC.
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(file);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // No cache yet: compile from source and write one below.
  }
  const vm = process.getBuiltinModule('node:vm');
  // The source is one function expression (vite.cli.config.ts), CommonJS's module wrapper.
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, outDir);
  const status = await module.exports.runExec(args);
  if (cachedData === undefined || script.cachedDataRejected) {
    writeCodeCache(cacheFile, () => script.createCachedData());
  }
  return status;
}

function codeCacheFile(bundle) {
  const home = process.env.HOME || process.getBuiltinModule('node:os').homedir();
  const root = process.env.STARLING_CACHE || path.join(home, '.cache', 'starling');
  const { size, mtimeMs } = fs.statSync(bundle);
  const dir = path.join(root, 'code-cache', `node-${process.version}-v8-${process.versions.v8}`);
  return path.join(dir, `exec-${size}-${Math.round(mtimeMs)}.bin`);
}

/** Writes the code cache (atomically, removing caches of older builds); failures are ignored. */
function writeCodeCache(cacheFile, data) {
  try {
    const dir = path.dirname(cacheFile);
    fs.mkdirSync(dir, { recursive: true });
    for (const old of fs.readdirSync(dir)) {
      if (old.startsWith('exec-') && path.join(dir, old) !== cacheFile) {
        fs.rmSync(path.join(dir, old), { force: true });
      }
    }
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data());
    fs.renameSync(tmp, cacheFile);
  } catch {
    // A read-only or full disk only costs the next run its compile time.
  }
}
