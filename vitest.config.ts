import { svelte } from '@sveltejs/vite-plugin-svelte';
import { configDefaults, defineConfig } from 'vitest/config';

// Tiers: unit tests sit beside the code; integration and end-to-end tests live under tests/.
// Files named *.cluster.test.ts run in the `cluster` project, which starts one real Kubernetes
// test cluster per run (tests/cluster/README.md). `npm test` runs every tier.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src-main/**/*.test.ts'],
        },
      },
      {
        // The renderer's components and stores, in happy-dom with Svelte's browser build.
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'components',
          include: ['src-renderer/**/*.test.ts'],
          environment: 'happy-dom',
          // Unmounts what each test rendered.
          setupFiles: ['@testing-library/svelte/vitest'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/**/*.cluster.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['tests/**/*.cluster.test.ts'],
          globalSetup: ['tests/cluster/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
