import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
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

export default defineConfig({
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
      },
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
