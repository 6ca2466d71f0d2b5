import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // TORCH_NODE_TEST_DEVICE=cuda: CUDA as the default device (test/setup-device.ts).
    setupFiles: ['test/setup-device.ts', 'test/setup-equality.ts', 'test/setup-tmp.ts'],
    // One LibTorch per worker process (forks: each loads the addon once). Two workers: every test
    // file's LibTorch already runs its own intra-op threads, and the oracles start python3.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
