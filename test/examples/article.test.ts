// The article demo against its Python twin (examples/article.py): same seed, same
// per-epoch losses and test accuracy, on one thread. Runs the compiled demo (npm run build).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Row { model: string; epoch_loss: number[]; test_accuracy: number }
const parse = (out: string): Row[] => out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Row);

describe('examples/article', () => {
  it('trains the four models with the same losses as Python PyTorch for the same seed', () => {
    const flags = ['--epochs', '2', '--limit', '8', '--threads', '1', '--seed', '3'];
    const node = parse(execFileSync(process.execPath, [join(root, 'dist/examples/article.js'), ...flags, '--json'], { encoding: 'utf8', cwd: root }));
    const python = parse(execFileSync('python3', [join(root, 'examples/article.py'), ...flags], { encoding: 'utf8' }));
    expect(node.map((r) => r.model)).toEqual(['silu_sequential', 'silu_module', 'soft_exponential', 'brelu']);
    expect(node).toHaveLength(python.length);
    node.forEach((row, i) => {
      const ref = python[i]!;
      expect(row.model).toBe(ref.model);
      row.epoch_loss.forEach((loss, e) => expect(Math.abs(loss - ref.epoch_loss[e]!) / Math.abs(ref.epoch_loss[e]!)).toBeLessThan(1e-4));
      expect(row.test_accuracy).toBeCloseTo(ref.test_accuracy, 3);
    });
  }, 180_000);
});
