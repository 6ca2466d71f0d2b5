// Step 1 of codegen: everything it reads. The operator schemas of the built addon (the LibTorch we
// link), the policy tables shared with native code (native/*.def), codegen's own data
// (codegen/data/*.json), and the Python facts (python_facts.py, run with python3).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..');

/**
 * The rows of an X-macro table: each `MACRO(a, b, "c")` line as its arguments (quotes removed).
 * Comment and blank lines are skipped; any other line is an error, so a table codegen cannot read
 * fails loudly instead of losing rows.
 */
export function readDef(file, macro) {
  const rows = [];
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('//')) return;
    const m = new RegExp(`^${macro}\\((.*)\\)$`).exec(t);
    if (!m) throw new Error(`codegen: ${file}:${i + 1}: expected ${macro}(...), got: ${t}`);
    rows.push(m[1].split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1')));
  });
  return rows;
}

const readJson = (file) => JSON.parse(readFileSync(join(here, 'data', file), 'utf8'));

/** Python's view of the given aten:: names (see python_facts.py). */
function pythonFacts(names) {
  const out = execFileSync('python3', [join(here, 'python_facts.py')], {
    input: JSON.stringify(names), encoding: 'utf8', maxBuffer: 64 << 20,
  });
  return JSON.parse(out);
}

export function load() {
  const native = createRequire(import.meta.url)(join(root, 'build/Release/torch_node.node'));
  const schemas = native.listSchemas('aten');
  const names = [...new Set(schemas.filter((s) => s.supported).map((s) => s.name))].sort();
  return {
    version: native.versions().libtorch,
    schemas,
    python: pythonFacts(names),
    numbersAsTensors: new Set(readDef('native/numbers_as_tensors.def', 'TN_NUMBERS_AS_TENSORS').map((r) => r[0])),
    tensorMembers: readJson('tensor_members.json').members,
    skip: readJson('skip.json'),
  };
}
