#!/usr/bin/env node
// codegen: generates lib/generated/ (and test/generated/) from the operator schemas of the linked
// LibTorch and the policy tables. `npm run codegen` after building the addon; the output is
// committed. Three steps, as tch-rs's gen/gen.ml:
//   load.mjs    what it reads: the addon's schemas, native/*.def tables, data/*.json, and Python's
//               view of each operator (python_facts.py, run with python3 at codegen time only)
//   model.mjs   what each aten:: name becomes in JS (naming, typing, skipping, factory rules)
//   emit_*.mjs  one emitter per generated file, printing the model
//
// Usage: node codegen/index.mjs [--check] [--out DIR]
//   --check    writes nothing: compares with the files in place and exits 1, with a summary of
//              each difference, when any would change (CI runs this).
//   --out DIR  the tree to write to or compare with (default: the repository).
import { writeFileSync, mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { load, root } from './load.mjs';
import { buildModel } from './model.mjs';
import { emitFunctions } from './emit_functions.mjs';
import { emitTensorMethods } from './emit_tensor_methods.mjs';
import { emitNamespaces } from './emit_namespaces.mjs';
import { emitAtenOps } from './emit_aten_ops.mjs';
import { emitTensorMembers } from './emit_tensor_members.mjs';
import { emitTestNames } from './emit_test_names.mjs';
import { emitDtypes } from './emit_dtypes.mjs';
import { emitFactories } from './emit_factories.mjs';
import { emitReturnTypes } from './emit_return_types.mjs';

const EMITTERS = [emitFunctions, emitTensorMethods, emitNamespaces, emitAtenOps, emitTensorMembers, emitTestNames, emitDtypes, emitFactories, emitReturnTypes];
// Folders codegen owns entirely: a file there that it no longer generates is stale too.
const OWNED_DIRS = ['lib/generated', 'test/generated'];

function parseArgs(argv) {
  const opts = { check: false, out: root };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') opts.check = true;
    else if (argv[i] === '--out' && i + 1 < argv.length) opts.out = argv[++i];
    else throw new Error(`codegen: unknown argument ${argv[i]} (usage: codegen [--check] [--out DIR])`);
  }
  return opts;
}

/** One line saying how `actual` differs from `expected`: counts and the first differing line. */
function diffSummary(expected, actual) {
  const a = actual.split('\n');
  const e = expected.split('\n');
  let i = 0;
  while (i < a.length && i < e.length && a[i] === e[i]) i++;
  const aSet = new Map();
  for (const l of a) aSet.set(l, (aSet.get(l) ?? 0) + 1);
  let added = 0;
  for (const l of e) {
    const n = aSet.get(l) ?? 0;
    if (n > 0) aSet.set(l, n - 1); else added++;
  }
  const removed = [...aSet.values()].reduce((s, n) => s + n, 0);
  const clip = (s) => (s === undefined ? '(end of file)' : s.length > 100 ? `${s.slice(0, 100)}...` : s);
  return `+${added} -${removed} lines; first at line ${i + 1}:\n      committed: ${clip(a[i])}\n      generated: ${clip(e[i])}`;
}

function check(outputs, out) {
  const problems = [];
  for (const [path, text] of Object.entries(outputs)) {
    const file = join(out, path);
    if (!existsSync(file)) { problems.push(`${path}: missing`); continue; }
    const actual = readFileSync(file, 'utf8');
    if (actual !== text) problems.push(`${path}: ${diffSummary(text, actual)}`);
  }
  for (const dir of OWNED_DIRS) {
    if (!existsSync(join(out, dir))) continue;
    for (const name of readdirSync(join(out, dir))) {
      const path = `${dir}/${name}`;
      if (!(path in outputs)) problems.push(`${path}: not generated any more (delete it)`);
    }
  }
  return problems;
}

const opts = parseArgs(process.argv.slice(2));
const model = buildModel(load());
const outputs = Object.assign({}, ...EMITTERS.map((emit) => emit(model)));
const where = relative(process.cwd(), opts.out) || '.';
if (opts.check) {
  const problems = check(outputs, opts.out);
  if (problems.length > 0) {
    console.error(`codegen --check: ${problems.length} generated file(s) in ${where} differ from what codegen generates (run npm run codegen, commit the result):`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(`codegen --check: the ${Object.keys(outputs).length} generated files in ${where} are up to date`);
} else {
  for (const [path, text] of Object.entries(outputs)) {
    mkdirSync(dirname(join(opts.out, path)), { recursive: true });
    writeFileSync(join(opts.out, path), text);
  }
  const nSigs = model.functions.concat(model.methods).reduce((n, e) => n + e.sigs.length, 0)
    + [...model.namespaces.values()].flat().reduce((n, e) => n + e.sigs.length, 0);
  console.log(`codegen: ${model.names.length} operator names, ${model.functions.length} torch functions, ${model.methods.length} Tensor methods, ${nSigs} signatures (LibTorch ${model.version})`);
}
