// The ported PyTorch programs (examples/ports/) against their Python twins: each pair runs with the
// same arguments and must print the same lines, numbers included. The only rewrites of Python's
// output are the spellings the porting guide lists (True/False/None are JS's true/false/null,
// a dtype prints without `torch.`).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ports = join(root, 'examples', 'ports');

function run(name: string, args: string[], env: Record<string, string>): { node: string[]; python: string[] } {
  const out = mkdtempSync(join(tmpdir(), `torch-node-port-${name}-`));
  try {
    const e = { ...process.env, ...env, PORT_OUT: out, OMP_NUM_THREADS: '1' };
    const node = execFileSync(process.execPath, [join(root, 'dist', 'examples', 'ports', `${name}.js`), ...args], { encoding: 'utf8', cwd: out, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
    const python = execFileSync('python3', [join(ports, `${name}.py`), ...args], { encoding: 'utf8', cwd: out, env: { ...e, PYTHONPATH: ports }, stdio: ['ignore', 'pipe', 'pipe'] });
    return { node: node.split('\n'), python: python.split('\n').map(asJs) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Python's spellings of JS values, as printed by the two programs (docs/porting.md lists them). */
function asJs(line: string): string {
  return line.replace(/^True$/, 'true').replace(/^False$/, 'false').replace(/^None$/, 'null')
    // dtypes are strings: Python's torch.int64 prints as int64 (a tensor's repr keeps Python's)
    .replace(/(?<!dtype=)\btorch\.(u?int\d+|float\d+|bfloat16|bool|complex\d+)\b/g, '$1');
}

describe('ported PyTorch programs print what their Python originals print', () => {
  it('pytorch/tutorials quickstart: data, model repr, training losses, accuracy, save/load, prediction', () => {
    const { node, python } = run('quickstart', [], { PORT_LIMIT: '640', PORT_EPOCHS: '2' });
    expect(node).toEqual(python);
  }, 240_000);

  it('pytorch/tutorials blitz neural networks: repr, outputs, gradFn chain, gradients, the SGD step', () => {
    const { node, python } = run('neural_networks', [], {});
    expect(node).toEqual(python);
  }, 120_000);

  it('pytorch/examples mnist: Adadelta and StepLR, train log and test set lines', () => {
    const { node, python } = run('mnist', ['--epochs', '2', '--log-interval', '2'], { PORT_LIMIT: '320' });
    expect(node).toEqual(python);
  }, 240_000);

  it('pytorch/examples mnist_rnn: LSTM, BatchNorm1d, Dropout2d, shuffled loaders', () => {
    const { node, python } = run('mnist_rnn', ['--epochs', '2', '--log-interval', '2'], { PORT_LIMIT: '320' });
    expect(node).toEqual(python);
  }, 240_000);

  it("extending.rst: LinearFunction, MulConstant (both), MyCube in the setupContext style, the note's Linear, gradcheck", () => {
    const { node, python } = run('extending', [], {});
    expect(node).toEqual(python);
  }, 120_000);
});
