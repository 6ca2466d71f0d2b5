// examples/serve.ts: the compiled server (npm run build) answers /predict with the TorchScript
// model's outputs, which Python's torch.jit.load of the same file agrees with; the load generator
// (examples/serve-load.ts) measures it without errors.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracle } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('examples/serve', () => {
  it('serves predictions equal to Python\'s for the same TorchScript file', async () => {
    const child = spawn(process.execPath, [join(root, 'dist/examples/serve.js'), '--port', '0', '--train-batches', '0', '--threads', '2', '--intra-op', '1'],
      // Without --model the server exports its model under os.tmpdir(): TMPDIR puts it in ours.
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: tempDir('torch-node-serve-') } });
    try {
      const [line] = await once(child.stdout!, 'data') as [Buffer];
      const { listening, model } = JSON.parse(String(line).split('\n')[0]!) as { listening: string; model: string };
      const rows = [0, 1, 2].map((k) => Array.from({ length: 784 }, (_, i) => ((i * (k + 3)) % 17) / 17));
      const res = await fetch(`${listening}/predict`, { method: 'POST', body: JSON.stringify({ inputs: rows }) });
      expect(res.status).toBe(200);
      const body = await res.json() as { classes: number[]; logProbs: number[][] };
      const py = oracle<{ classes: number[]; logProbs: number[][] }>('examples/serve', 'predictions', model, rows);
      expect(body.classes).toEqual(py.classes);
      body.logProbs.flat().forEach((v, i) => expect(Math.abs(v - py.logProbs.flat()[i]!)).toBeLessThan(1e-4));
      const bad = await fetch(`${listening}/predict`, { method: 'POST', body: '{"inputs": [[1, 2]]}' });
      expect(bad.status).toBe(400);
      const { runLoad } = await import(join(root, 'dist/examples/serve-load.js')) as typeof import('../../examples/serve-load.js');
      const load = await runLoad({ url: `${listening}/predict`, concurrency: 4, seconds: 1, batch: 1 });
      expect(load.errors).toBe(0);
      expect(load.requests).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  }, 120_000);
});
