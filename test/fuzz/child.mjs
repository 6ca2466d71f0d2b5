// One fuzz child: runs calls [from, to) of a seed and reports each on fd 3 before and after it,
// synchronously, so that when this process dies the parent knows which call and which phase
// (setup, call, use) it died in. Lines: `S k <json: label, kind, op, tags>` (setup starts), `P k call|use`, `R k returned`,
// `R k js-error <constructor>`, `R k gen-error <message>` (a fuzzer bug), `A <constructor>` (an
// error thrown outside any call), `D` (all done), `X <json>` (--describe: the call's repro).
// Usage: node child.mjs --seed S --from A --to B [--describe] [--skip k1,k2,...] [--list]
// --skip: those calls are generated but not run (`R k skipped`), to tell whether a later crash
// needs them. --list: only reports each call's `S` line, running nothing.
import { readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as torch from '../../dist/lib/index.js';
import { native } from '../../dist/lib/binding.js';
import { buildSurface } from './surface.mjs';
import { generateCall, childBody, jsRepro, USE_SOURCE } from './generate.mjs';

const opts = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--describe') opts.describe = true;
  else if (a === '--list') opts.list = true;
  else if (a === '--skip') opts.skip = new Set(process.argv[++i].split(',').filter(Boolean).map(Number));
  else opts[a.slice(2)] = Number(process.argv[++i]);
}
const send = (line) => writeSync(3, `${line}\n`);

function errorName(e) {
  try {
    return e instanceof Error ? (e.constructor?.name ?? 'Error') : `thrown-${typeof e}`;
  } catch {
    return 'thrown-odd';
  }
}

// Errors that escape every call (a rejected promise a call returned, a throwing timer) are
// reported, not fatal: they are not crashes of the library.
process.on('unhandledRejection', (e) => send(`A ${errorName(e)}`));
process.on('uncaughtException', (e) => send(`A ${errorName(e)}`));

torch.setNumThreads(1);
// [JS name, ATen name] of the generated torch functions and Tensor methods (written by codegen/).
const names = JSON.parse(readFileSync(new URL('../generated/generated_names.json', import.meta.url), 'utf8'));
const surface = buildSurface(torch, native, { generatedFunctions: names.functions, generatedMethods: names.methods });
const use = new Function('torch', `${USE_SOURCE}\nreturn use;`)(torch);
const libPath = fileURLToPath(new URL('../../dist/lib/index.js', import.meta.url));

for (let k = opts.from; k < opts.to; k++) {
  let body;
  let c;
  try {
    c = generateCall(surface, opts.seed, k);
    body = new Function('torch', 'use', 'phase', childBody(c));
  } catch (e) {
    send(`R ${k} gen-error ${String(e?.message ?? e).replace(/\s+/g, ' ').slice(0, 200)}`);
    continue;
  }
  send(`S ${k} ${JSON.stringify({ label: c.label, kind: c.kind, op: c.op, tags: c.tags })}`);

  // Each call starts from the same global state, so it behaves the same when re-run alone.
  torch.setGradEnabled(true);
  torch.setPrintOptions({ profile: 'default' });
  torch.setDefaultDevice(null);
  if (opts.describe) {
    send(`X ${JSON.stringify({ label: c.label, kind: c.kind, op: c.op, tags: c.tags, js: jsRepro(c, libPath), body: [...c.setup, c.call, ...c.use], py: c.py, pyBody: c.pyBody })}`);
  }
  if (opts.list || opts.skip?.has(k)) {
    send(`R ${k} skipped`);
    continue;
  }
  torch.manualSeed(c.callSeed);
  try {
    body(torch, use, (phase) => send(`P ${k} ${phase}`));
    send(`R ${k} returned`);
  } catch (e) {
    send(`R ${k} js-error ${errorName(e)}`);
  }
}
send('D');
