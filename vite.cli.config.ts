import { readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

// Builds the `starling` command (and its worker entries) into plain ES modules under
// out/cli, so the CLI runs built JavaScript with no TypeScript compilation at run time.
// Dependencies stay external: they are loaded from node_modules as Node would.
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.devDependencies ?? {}),
];
const isExternal = (id: string) => external.some((e) => id === e || id.startsWith(`${e}/`));

/**
 * exec.cjs holds one function expression of CommonJS's module arguments around the bundle:
 * bin/starling.js compiles the file's text as it is (wrapping it there would copy the source into
 * a second string, 280 KB more in the peak RSS of a short program) and calls the function.
 */
const execWrapper = {
  start: '(function (exports, require, module, __filename, __dirname) {',
  end: '\n})',
};

/**
 * Then `starling exec` on its own (src-main/cli/exec-main.ts) as one CommonJS file, exec.cjs
 * beside the CLI: bin/starling.js runs it as a classic script with a V8 code cache, which ES
 * modules cannot have on Node 20. Runs with limits go through the full CLI (exec-host.ts), so the
 * bundle leaves the host's workers out.
 */
function execBundle(): Plugin {
  let outDir = 'out/cli';
  return {
    name: 'starling-exec-bundle',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          ssr: true,
          target: 'node20',
          outDir,
          emptyOutDir: false,
          minify: false,
          sourcemap: false,
          rollupOptions: {
            input: { exec: resolve('src-main/cli/exec-main.ts') },
            external: (id) => isExternal(id) || /[/\\]exec-host(\.ts)?$/.test(id),
            output: {
              format: 'cjs',
              entryFileNames: '[name].cjs',
              codeSplitting: false,
              // ASCII without comments: bin/starling.js reads it into a one-byte string (half
              // the memory of a two-byte one), and V8 has less source to scan.
              charset: 'ascii',
              comments: false,
            },
          },
        },
      });
      const file = resolve(outDir, 'exec.cjs');
      const bundle = readFileSync(file);
      const nonAscii = bundle.findIndex((byte) => byte > 0x7f);
      if (nonAscii >= 0) {
        throw new Error(
          `exec.cjs must be ASCII (V8 then keeps its source in a one-byte string); byte ${nonAscii} is not`,
        );
      }
      writeFileSync(file, `${execWrapper.start}${bundle.toString('latin1')}${execWrapper.end}`);
    },
  };
}

export default defineConfig({
  plugins: [execBundle()],
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: {
        starling: resolve('src-main/cli/starling.ts'),
        // The Starlark host's worker, found beside the entry (src-main/host/worker-script.ts).
        'host-worker': resolve('src-main/host/worker/main.ts'),
        // The reconciler's Starlark workers (the host's worker with the reconcile builtins).
        'reconcile-worker': resolve('src-main/reconciler/runtime/reconcile-worker.ts'),
        // The local cluster's worker thread (`starling run --local`; src-main/cluster/local/index.ts).
        'local-cluster-worker': resolve('src-main/cluster/local/worker.ts'),
      },
      external: isExternal,
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
