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

/** How to run a child: a time limit, and flags for `node` itself (e.g. `['--expose-gc']`). */
export interface ChildOptions {
  timeoutMs?: number;
  nodeArgs?: string[];
  /** Variables set (a string) or removed (undefined) for the child, over this process's environment. */
  env?: Record<string, string | undefined>;
  /** The module imported as `torch` (default: the built dist/lib/index.js). */
  entry?: string;
}

const entry = fileURLToPath(new URL('../../dist/lib/index.js', import.meta.url));

/**
 * Runs `code` as `node --input-type=module -e` after `import * as torch from '<dist>'`
 * (so `torch.nn`, `torch.optim`, `torch.utils` are at hand). `options` is the time limit in ms
 * (60 s by default) or { timeoutMs, nodeArgs }.
 * @example const r = runInChild("console.log(torch.ones([2]).sum().item())"); // r.stdout === '2\n'
 * @example runInChild('gc(); console.log(1)', { nodeArgs: ['--expose-gc'] })
 */
export function runInChild(code: string, options: number | ChildOptions = {}): ChildResult {
  const { timeoutMs = 60_000, nodeArgs = [], env: extraEnv = {}, entry: module = entry } =
    typeof options === 'number' ? { timeoutMs: options } : options;
  if (!existsSync(module)) throw new Error(`${module} is missing: run \`npx tsc -p tsconfig.json\` first`);
  const script = `import * as torch from ${JSON.stringify(module)};\n${code}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(extraEnv)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const r = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'pipe'], env });
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

// Defined in every childJsonLines child: emit() prints one JSON line (bigints as strings), attempt()
// runs fn and gives { value } or { error: { name, message } }.
const JSON_PRELUDE = `const emit = (v) => console.log(JSON.stringify(v, (_, x) => typeof x === 'bigint' ? x.toString() : x));
const attempt = (fn) => { try { return { value: fn() }; } catch (e) { return { error: { name: e?.constructor?.name, message: String(e?.message) } }; } };
`;

/**
 * Runs `code` in a child (see runInChild) that prints one JSON value per line, and returns those
 * values in order; a child that dies or exits non-zero fails with its status, signal and stderr.
 * The code has `emit(value)` (prints a JSON line; bigints become strings) and
 * `attempt(fn)` ({ value } or { error: { name, message } }) at hand.
 * @example const [a, e] = childJsonLines('emit(1); emit(attempt(() => torch.ones([-1])))'); // 1, { error: ... }
 */
export function childJsonLines<T = unknown>(code: string, options: number | ChildOptions = {}): T[] {
  const r = runInChild(JSON_PRELUDE + code, options);
  if (r.status !== 0 || r.signal !== null) {
    throw new Error(`the child process died (status ${r.status}, signal ${r.signal}):\n${r.stderr.slice(-2000)}`);
  }
  return r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}
