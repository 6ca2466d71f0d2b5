// The python3 whose PyTorch we link is the tests' oracle: every expected number comes from PyTorch
// itself. The Python lives in test/oracles/ (one module per test file, plain functions returning
// JSON-able results); these helpers call it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('../oracles/run.py', import.meta.url));

/** One oracle call: [module under test/oracles ('nn/modules/linear'), function name, ...arguments]. */
export type OracleCall = readonly [module: string, fn: string, ...args: unknown[]];

/**
 * Runs several oracle calls in one python3 process (one interpreter start and torch import, about
 * two seconds, instead of one per call), in order, and returns their results.
 *
 * @example
 * const [a, b] = oracles<[number[], string]>([['creation', 'factories'], ['creation', 'big_int_str', '1152921504606846979']]);
 */
export function oracles<T extends unknown[]>(calls: readonly OracleCall[]): T {
  const input = JSON.stringify(calls.map(([module, fn, ...args]) => [module, fn, args]));
  const out = execFileSync('python3', [RUNNER, '--stdin'], { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/**
 * Calls `fn(...args)` of the oracle module `module` (a path under test/oracles, e.g.
 * 'nn/modules/linear') in python3 and returns its JSON result. The same call from a shell:
 * `python3 test/oracles/run.py MODULE FN [JSON_ARG ...]`.
 *
 * @example
 * const want = oracle<number[][]>('tensor', 'randn_seed0');
 */
export function oracle<T = unknown>(module: string, fn: string, ...args: unknown[]): T {
  return oracles<[T]>([[module, fn, ...args]])[0];
}

/**
 * Names a file's oracle calls and runs them all in one python3 process the first time a result is
 * asked for; the returned function gives the results by name. For calls whose arguments are known
 * when the test file loads (each function sets its own seeds, so running them together gives what
 * running each alone gives).
 *
 * @example
 * const py = oracleBatch<{ epochs: number[][][]; split: number[][] }>({
 *   epochs: ['utils/data', 'shuffled_epochs'], split: ['utils/data', 'random_splits'],
 * });
 * it('shuffles like Python', () => { expect(batches).toEqual(py().epochs); });
 */
export function oracleBatch<T extends Record<string, unknown>>(calls: { readonly [K in keyof T]: OracleCall }): () => T {
  let results: T | undefined;
  return () => {
    if (results === undefined) {
      const keys = Object.keys(calls) as (keyof T)[];
      const values = oracles<unknown[]>(keys.map((k) => calls[k]));
      results = Object.fromEntries(keys.map((k, i) => [k, values[i]])) as T;
    }
    return results;
  };
}
