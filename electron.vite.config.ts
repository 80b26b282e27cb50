import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// electron-vite's defaults are src/main, src/preload and src/renderer; Starling keeps the
// Electron main process and preload in src-main/app and the renderer in src-renderer.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          main: resolve('src-main/app/main.ts'),
          // The Starlark host's worker entry, beside the bundle that starts the host (host/README.md).
          'host-worker': resolve('src-main/host/worker/main.ts'),
          // The reconciler's Starlark workers (the host's worker with the reconcile builtins).
          'reconcile-worker': resolve('src-main/reconciler/runtime/reconcile-worker.ts'),
          // The local cluster's worker thread, found the same way (src-main/cluster/local/index.ts).
          'local-cluster-worker': resolve('src-main/cluster/local/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module: emit CommonJS.
      rollupOptions: {
        input: { preload: resolve('src-main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [svelte()],
    build: {
      // Smaller scripts parse and compile faster: the first load of `starling web` waits for them.
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
