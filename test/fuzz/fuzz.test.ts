// The seeded fuzzer in CI: a fixed seed's first 20,000 random calls (operators, torch functions,
// Tensor methods, nn layers, with odd arguments) in child processes must neither crash outside
// the known LibTorch crash list nor hang; and every entry of that list must crash python3 too.
// Runs the compiled library (npx tsc -p tsconfig.json). See test/fuzz/README.md.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runFuzz, formatReport, loadKnownCrashes, loadKnownHangs, checkPython } from './runner.mjs';

const SEED = 1;

// A known crash is memory corruption, so what python3 does with it can vary from run to run: the
// fused SGD kernel, for one, walks its dtype groups in an order that changes between processes and
// raises NotImplementedError when the complex group comes first. An entry must crash python3 in
// one of three runs.
async function crashesPython(program: string): Promise<{ crashed: boolean; outcome: string }> {
  let last = await checkPython(program);
  for (let k = 1; k < 3 && !last.crashed; k++) last = await checkPython(program);
  return last;
}
const CALLS = 20_000;

describe('fuzzer', () => {
  beforeAll(() => {
    const lib = fileURLToPath(new URL('../../dist/lib/index.js', import.meta.url));
    if (!existsSync(lib)) throw new Error(`the fuzzer runs the compiled library: build ${lib} with npx tsc -p tsconfig.json`);
  });

  it(`seed ${SEED}: ${CALLS} calls crash only in known LibTorch kernels, and hang only where python3 hangs too`, async () => {
    const report = await runFuzz({ seed: SEED, calls: CALLS, confirmTimeoutMs: 60_000 });
    console.log(formatReport(report));
    const { returned, 'js-error': jsError, crash, hang } = report.counts;
    expect(returned + jsError + crash + hang).toBe(CALLS);
    // Most calls get past argument parsing and into the library (a fuzzer that only meets
    // TypeErrors tests little): guard against the generator drifting off the schemas.
    expect(returned).toBeGreaterThan(CALLS * 0.15);
    expect(report.ok, formatReport(report, { repros: false })).toBe(true);
  }, 600_000);

  it('every known LibTorch crash is an aten operator and crashes python3 too', async () => {
    const known = loadKnownCrashes();
    for (let i = 0; i < known.length; i += 2) {
      const pair = known.slice(i, i + 2);
      const results = await Promise.all(pair.map((e) => crashesPython(e.python)));
      pair.forEach((e, j) => {
        expect(e.op, 'op is an aten operator name').toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(e.reason.length, `${e.op}: reason`).toBeGreaterThan(10);
        expect(results[j].crashed, `${e.op}: python3 ${results[j].outcome}`).toBe(true);
      });
    }
  }, 600_000);

  it('every known hang without a Python twin hangs python3 too', async () => {
    const results = await Promise.all(loadKnownHangs().map(async (e) => ({ e, r: await checkPython(e.python, { timeout: 20 }) })));
    for (const { e, r } of results) {
      expect(new RegExp(e.pattern).source.length, `${e.label}: pattern`).toBeGreaterThan(5);
      expect(r.outcome, `${e.label}: python3 ${r.outcome}`).toBe('hang');
    }
  }, 120_000);
});
