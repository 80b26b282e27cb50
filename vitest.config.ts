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
