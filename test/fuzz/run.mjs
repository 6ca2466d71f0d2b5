// npm run fuzz -- [--seed 1] [--calls 20000] [--start 0] [--jobs 2] [--batch 1000] [--timeout 10] [--json report.json]
// npm run fuzz -- --seed 1 --only 12345   (re-runs one call alone and prints its JS and Python repro)
// Needs the compiled library (npx tsc -p tsconfig.json). Exits 1 on a crash outside
// test/fuzz/known_libtorch_crashes.json, a hang, or a fuzzer bug.
import { writeFileSync } from 'node:fs';
import { runFuzz, runChild, formatReport, loadKnownCrashes } from './runner.mjs';

const args = { seed: 1, calls: 20_000, start: 0, jobs: 2, batch: 1000, timeout: 10 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in args) && key !== 'json' && key !== 'only') throw new Error(`unknown option ${process.argv[i]}`);
  args[key] = key === 'json' ? process.argv[i + 1] : Number(process.argv[i + 1]);
}

if (args.only !== undefined) {
  const k = args.only;
  let outcome = 'no result';
  const res = await runChild({ seed: args.seed, from: k, to: k + 1, describe: true, timeoutMs: 120_000, memoryKb: 3_500_000, heapMb: 768,
    onResult: (_k, cls, detail) => { outcome = `${cls} ${detail}`.trim(); } });
  const d = res.described;
  if (d === null) throw new Error(`call ${k} did not start: ${res.stderr}`);
  console.log(d.js);
  if (d.py) console.log(`\n# Python (torch.ops.aten), for test/fuzz/check_python_crash.py:\n${d.py}`);
  if (res.timedOut) outcome = 'hang';
  else if (res.lastFinished !== k) outcome = `crash ${res.signal ?? `exit ${res.code}`} in ${res.current?.phase}`;
  const entry = outcome.startsWith('crash') && ['aten', 'function', 'method'].includes(d.kind) && d.op
    ? loadKnownCrashes().find((e) => e.op === d.op && (e.tags ?? []).every((t) => d.tags.includes(t))) : undefined;
  if (entry) outcome += `, KNOWN LibTorch crash (aten::${entry.op})`;
  console.log(`\n// seed ${args.seed} call ${k} (${d.label}): ${outcome}`);
  if (res.stderr.trim()) console.log(`// stderr: ${res.stderr.trim().split('\n').slice(-5).join('\n// ')}`);
} else {
  const report = await runFuzz({ seed: args.seed, calls: args.calls, start: args.start, jobs: args.jobs, batch: args.batch,
    callTimeoutMs: args.timeout * 1000, log: (line) => console.error(line) });
  console.log(formatReport(report));
  if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2));
  process.exitCode = report.ok ? 0 : 1;
}
