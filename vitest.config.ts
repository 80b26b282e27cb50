import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Tiers: unit tests sit beside the code; integration and end-to-end tests live under tests/.
// `npm test` runs every tier.
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
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
