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
 * The rows of an X-macro table, by macro: each `MACRO(a, b, "c")` line as its arguments (quotes
 * removed) under rows[MACRO]. Comment and blank lines are skipped; any other line (another macro
 * included) is an error, so a table codegen cannot read fails loudly instead of losing rows.
 */
export function readDef(file, ...macros) {
  const rows = Object.fromEntries(macros.map((m) => [m, []]));
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('//')) return;
    const m = /^(\w+)\((.*)\)$/.exec(t);
    if (!m || !(m[1] in rows)) throw new Error(`codegen: ${file}:${i + 1}: expected ${macros.join(' or ')}(...), got: ${t}`);
    rows[m[1]].push(m[2].split(',').map((s) => s.trim().replace(/^"(.*)"$/, '$1')));
  });
  return rows;
}

/** native/dtypes.def: [{name, scalarType, itemsize, kind, typedArray, arrayExact, storage, safetensors}] and {alias: name}. */
function readDtypes() {
  const rows = readDef('native/dtypes.def', 'TN_DTYPE', 'TN_DTYPE_ALIAS');
  const none = (v) => (v === 'None' ? null : v);
  const dtypes = rows.TN_DTYPE.map(([name, scalarType, itemsize, kind, typedArray, arrayScalarType, storage, safetensors]) => ({
    name, scalarType, itemsize: Number(itemsize), kind, typedArray: none(typedArray),
    arrayExact: arrayScalarType === scalarType, storage: none(storage), safetensors: none(safetensors),
  }));
  const known = new Set(dtypes.map((d) => d.name));
  const aliases = {};
  for (const [alias, name] of rows.TN_DTYPE_ALIAS) {
    if (!known.has(name)) throw new Error(`codegen: native/dtypes.def: alias ${alias} of unknown dtype ${name}`);
    aliases[alias] = name;
  }
  return { dtypes, aliases };
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
    numbersAsTensors: new Set(readDef('native/numbers_as_tensors.def', 'TN_NUMBERS_AS_TENSORS').TN_NUMBERS_AS_TENSORS.map((r) => r[0])),
    dtypes: readDtypes(),
    tensorMembers: readJson('tensor_members.json').members,
    skip: readJson('skip.json'),
  };
}
