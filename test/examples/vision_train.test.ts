// The vision demo, short: writes its PNG folders (from the Fashion-MNIST IDX files), trains one
// epoch with 2 loader workers, and leaves pictures that open. Runs the compiled demo (npm run build).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fashion = process.env.FASHION_MNIST_ROOT ?? '/usr/share/datasets/fashion-mnist';

describe.skipIf(!existsSync(join(fashion, 't10k-images-idx3-ubyte.gz')) && !existsSync(join(fashion, 't10k-images-idx3-ubyte')))('examples/vision_train', () => {
  it('builds the image folders, trains, and writes a predictions grid and the curves (SVG and PNG)', async () => {
    const dir = tempDir('torch-node-vision-demo-');
    const env = {
      ...process.env, FASHION_MNIST_ROOT: fashion, VISION_DEMO_DATA: join(dir, 'data'), VISION_DEMO_OUT: join(dir, 'out'),
      VISION_DEMO_EPOCHS: '1', VISION_DEMO_TRAIN_PER_CLASS: '20', VISION_DEMO_TEST_PER_CLASS: '4', VISION_DEMO_THREADS: '1',
    };
    const out = execFileSync(process.execPath, [join(root, 'dist/examples/vision_train.js')], { encoding: 'utf8', cwd: root, env });
    expect(out).toMatch(/train: 200 images, test: 40, classes: 0-T-shirt-top, 1-Trouser/);
    expect(out).toMatch(/epoch 1: training loss \d+\.\d+, test accuracy \d+\.\d%/);
    expect(readdirSync(join(dir, 'data', 'train'))).toHaveLength(10);
    expect(readdirSync(join(dir, 'data', 'test', '9-Ankle-boot'))).toHaveLength(4);
    const sharp = (await import('sharp')).default;
    for (const [file, format] of [['predictions.png', 'png'], ['curves.png', 'png'], ['curves.svg', 'svg']] as const) {
      const path = join(dir, 'out', file);
      expect(out).toContain(`wrote ${path}`);
      const meta = await sharp(path).metadata();
      expect(meta.format, file).toBe(format);
      expect(meta.width, file).toBeGreaterThan(100);
    }
    // 32 cells of 96 x 96 pixels (3 x 32) with 4 pixels of padding, 8 per row.
    const grid = await sharp(join(dir, 'out', 'predictions.png')).metadata();
    expect([grid.width, grid.height]).toEqual([8 * 100 + 4, 4 * 100 + 4]);
  }, 240_000);
});
