// Runs a snippet of ES module code in a fresh `node` process with torch-node's built package
// imported as `torch`. Tests of inputs that once crashed the process (a segfault in LibTorch) run
// there, so that a regression fails one test instead of taking the whole test worker down.
// The child loads dist/, so `npx tsc -p tsconfig.json` must have run after changes to lib/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What the child did: its exit status (null when killed), the signal that killed it, and its output. */
export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const entry = fileURLToPath(new URL('../../dist/lib/index.js', import.meta.url));

/**
 * Runs `code` as `node --input-type=module -e` after `import * as torch from '<dist>'`
 * (so `torch.nn`, `torch.optim`, `torch.utils` are at hand).
 * @example const r = runInChild("console.log(torch.ones([2]).sum().item())"); // r.stdout === '2\n'
 */
export function runInChild(code: string, timeoutMs = 60_000): ChildResult {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx tsc -p tsconfig.json\` first`);
  const script = `import * as torch from ${JSON.stringify(entry)};\n${code}`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs `expr` (a JS expression) in a child and returns the error it threw as
 * { name, message }, or null when it did not throw; a crash of the child fails with its signal
 * and stderr.
 * @example childError("new torch.nn.LSTM(4, 8).forward(torch.randn([2, 1, 1000000]))")
 */
export function childError(expr: string): { name: string; message: string } | null {
  const r = runInChild(`let out = null;
try { ${expr}; } catch (e) { out = { name: e.constructor.name, message: e.message }; }
console.log(JSON.stringify(out));`);
  if (r.status !== 0 || r.signal !== null) {
    throw new Error(`the child process died (status ${r.status}, signal ${r.signal}):\n${r.stderr.slice(-2000)}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as { name: string; message: string } | null;
}
