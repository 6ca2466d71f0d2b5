// The activations demo: gradcheck passes for each of the article's activations, the values and
// derivatives it prints are PyTorch's (examples/article_models.py through autograd), and the chart
// it writes opens as SVG and PNG. Runs the compiled demo (npm run build).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { oracle } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('examples/activations', () => {
  it('checks each derivative with gradcheck, prints PyTorch\'s values and writes the chart', async () => {
    const dir = tempDir('torch-node-activations-');
    const out = execFileSync(process.execPath, [join(root, 'dist/examples/activations.js')], {
      encoding: 'utf8', cwd: root, env: { ...process.env, ACTIVATIONS_OUT: dir },
    });
    const py = oracle<Record<string, [number[], number[]]>>('examples/activations', 'derivatives');
    const names = Object.keys(py);
    expect(names).toHaveLength(6);

    for (const name of names) expect(out).toMatch(new RegExp(`^  ${escape(name)} +true \\(\\d+ points\\)$`, 'm'));
    expect(out).toContain('Soft Exponential α=-0.5    true (45 points)'); // defined for x > -1.5 only

    const printed = new Map<string, number[]>();
    for (const m of out.matchAll(/^  (.+?) +(f'?) +((?:\s+-?\d+\.\d+|\s+nan)+)$/gm)) {
      printed.set(`${m[1]} ${m[2]}`, m[3]!.trim().split(/\s+/).map(Number));
    }
    for (const name of names) {
      const [f, df] = py[name]!;
      const gotF = printed.get(`${name} f`);
      const gotDf = printed.get(`${name} f'`);
      expect(gotF, name).toHaveLength(f.length);
      expect(gotDf, name).toHaveLength(df.length);
      f.forEach((v, i) => expect(gotF![i], `${name} f[${i}]`).toBeCloseTo(v, 5));
      df.forEach((v, i) => expect(gotDf![i], `${name} f'[${i}]`).toBeCloseTo(v, 5));
    }

    const sharp = (await import('sharp')).default;
    for (const [file, format] of [['activations.svg', 'svg'], ['activations.png', 'png']] as const) {
      const path = join(dir, file);
      expect(out).toContain(`wrote ${path}`);
      const meta = await sharp(path).metadata();
      expect(meta.format, file).toBe(format);
      expect(meta.width, file).toBeGreaterThan(600);
      expect(meta.height, file).toBeGreaterThan(300);
    }
  }, 120_000);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
