#!/usr/bin/env node
// Generates lib/generated/ from the operator schemas of the linked LibTorch (`npm run codegen`
// after building the addon; the output is committed; `--check` only compares):
//   functions.ts       torch.NAME where Python has torch.NAME (or torch._C._nn.NAME, which
//                      torch.nn.functional wraps: torch.linear, torch.gelu, ...)
//   tensor_methods.ts  Tensor.prototype.NAME where Python's torch.Tensor has it (a getter where
//                      Python has a property: x.mT, x.real), in-place `_` variants included
//   namespaces.ts      torch.linalg / torch.fft / torch.special (aten::linalg_*, fft_*, special_*)
//   aten_ops.ts        the return types of every aten:: name, for torch.ops.aten.NAME
// Private names (leading '_') and everything Python does not expose stay reachable only as
// torch.ops.aten.NAME(...). Which names Python has, and the one-line descriptions, come from the
// python3 whose PyTorch we link, at codegen time only.
//
// Signatures: positional parameters in schema order (camelCase names), then an options object
// holding keyword-only arguments and every parameter not given positionally (by camelCase name);
// varargs sizes where Python allows them; out= overloads folded into options.out. Overload
// resolution itself stays native (op_call.cpp): these types only describe what it accepts, and
// every body is one callOp().
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = createRequire(import.meta.url)(join(root, 'build/Release/torch_node.node'));
const schemas = native.listSchemas('aten');
const version = native.versions().libtorch;

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// Members the hand-written Tensor class defines itself; generated methods must not shadow them.
const HANDWRITTEN_METHODS = new Set([
  'size', 'dim', 'numel', 'to', 'float', 'double', 'half', 'bfloat16', 'long', 'int', 'short', 'char',
  'byte', 'bool', 'cpu', 'cuda', 'item', 'backward', 'stride', 'data', 'grad', 'requiresGrad_',
  'retainGrad', 'isLeaf', 'typeAs', 'shape', 'dtype', 'device', 'tolist', 'dispose', 'toString',
  'index', 'indexPut_', 'registerHook', 'retainsGrad', 'constructor', 'valueOf', 'type', 'ndim',
]);
// Members declared in lib/tensor.ts's class body are hand-written too.
for (const m of readFileSync(join(root, 'lib/tensor.ts'), 'utf8').matchAll(/^ {2}(?:\/\*\*.*\*\/ )?(?:get |set |static )?([A-Za-z_$][\w$]*)\s*[(<]/gm)) {
  HANDWRITTEN_METHODS.add(m[1]);
}
const HANDWRITTEN_FUNCTIONS = new Set(['tensor', 'to', 'data', 'index', 'export', 'import', 'delete', 'function', 'default']);
const RESERVED = new Set(['var', 'new', 'in', 'class', 'const', 'let', 'if', 'for', 'while', 'do', 'switch', 'case', 'return', 'this', 'void', 'with', 'yield', 'typeof', 'instanceof', 'super', 'throw', 'try', 'catch', 'finally', 'enum', 'extends', 'delete', 'function', 'default', 'import', 'export']);
// Python's arg parser lets a number stand for a Tensor only for these: the table native/op_call.cpp
// also uses (native/numbers_as_tensors.def).
const NUMBERS_AS_TENSORS = new Set(
  [...readFileSync(join(root, 'native/numbers_as_tensors.def'), 'utf8').matchAll(/^TN_NUMBERS_AS_TENSORS\("([\w]+)"\)$/gm)].map((m) => m[1]),
);

// ---- families ----------------------------------------------------------------------------------
const families = new Map();
for (const s of schemas) {
  if (!s.supported) continue;
  let f = families.get(s.name);
  if (!f) families.set(s.name, (f = []));
  f.push(s);
}
// Overloads in the native resolution order: default first, then by name, out= variants last.
const overloadRank = (n) => (n === '' ? 0 : n === 'out' || n.includes('_out') || n.startsWith('out') ? 2 : 1);
for (const f of families.values()) {
  f.sort((a, b) => overloadRank(a.overload) - overloadRank(b.overload) || (a.overload < b.overload ? -1 : a.overload > b.overload ? 1 : 0));
}
const names = [...families.keys()].sort();

// ---- Python facts (codegen time only) ------------------------------------------------------------
const PY = String.raw`
import json, re, sys, torch
names = json.load(sys.stdin)
def clean(doc):
    if not doc:
        return ''
    lines = [l.strip() for l in doc.strip().split('\n')]
    paras, cur = [], []
    for l in lines:
        if not l:
            if cur: paras.append(' '.join(cur)); cur = []
        else:
            cur.append(l)
    if cur: paras.append(' '.join(cur))
    for p in paras:
        if re.match(r'^[\w.]+\(.*\)\s*(->.*)?$', p):  # a signature line
            continue
        if p.startswith('..') or p.startswith('Args:') or p.startswith('Example'):
            continue
        p = re.sub(r':(?:attr|func|meth|class|math|ref|mod|data|obj):\x60~?([^\x60<]*?)(?:\s*<[^>]*>)?\x60', r'\1', p)
        p = p.replace('\x60\x60', '\x60')
        p = re.sub(r'\\(?:text|mathrm|operatorname)\{+([^{}]*)\}+', r'\1', p)
        p = p.replace('{{', '').replace('}}', '').replace('\\ ', '')
        m = re.match(r'^(.*?[.!?])(\s|$)', p)
        s = m.group(1) if m else p
        s = s.replace('*/', '* /')
        return s[:300]
    return ''
out = {}
nn = torch._C._nn
for n in names:
    t, m, f = hasattr(torch, n), hasattr(torch.Tensor, n), hasattr(nn, n)
    fd = clean(getattr(torch, n).__doc__) if t else (clean(getattr(nn, n).__doc__) if f else '')
    if not fd and hasattr(torch.nn.functional, n):
        fd = clean(getattr(torch.nn.functional, n).__doc__)
    md = clean(getattr(torch.Tensor, n).__doc__) if m else ''
    sub = None
    for mod in ('linalg', 'fft', 'special'):
        if n.startswith(mod + '_') and hasattr(getattr(torch, mod), n[len(mod) + 1:]):
            sub = [mod, clean(getattr(getattr(torch, mod), n[len(mod) + 1:]).__doc__)]
    prop = m and not callable(getattr(torch.Tensor, n))
    out[n] = [t, m, f, fd, md, sub, prop]
print(json.dumps(out))
`;
const py = JSON.parse(execFileSync('python3', ['-c', PY], { input: JSON.stringify(names), encoding: 'utf8', maxBuffer: 64 << 20 }));

// ---- types ---------------------------------------------------------------------------------------
// N of `int[N] name`: a single number fills all N (PyTorch accepts `stride=2`).
function fixedLengths(schema) {
  const out = new Map();
  for (const m of schema.matchAll(/(?:SymInt|int|float|bool)\[(\d+)\]\??\s+(\w+)/g)) out.set(m[2], Number(m[1]));
  return out;
}

function baseType(type, fixed, lenientTensor) {
  switch (type) {
    case 'Tensor': return lenientTensor ? 'Tensor | Scalar' : 'Tensor';
    case 'Tensor[]': return 'readonly Tensor[]';
    case 'Tensor?[]': return 'readonly (Tensor | null)[]';
    case 'int': case 'SymInt': case 'float': case 'SymFloat': return 'number';
    case 'int[]': case 'SymInt[]': case 'float[]': return fixed ? 'number | readonly number[]' : 'readonly number[]';
    case 'bool': case 'SymBool': return 'boolean';
    case 'bool[]': return 'readonly boolean[]';
    // Python takes a 0-dim tensor (not requiring grad) for a number too: x.add(y, { alpha: t }).
    case 'Scalar': return lenientTensor ? 'Tensor | Scalar' : 'Scalar | Tensor';
    case 'Scalar[]': return 'readonly Scalar[]';
    case 'str': return 'string';
    case 'ScalarType': return 'DType';
    case 'Layout': return 'Layout';
    case 'Device': return 'Device';
    case 'MemoryFormat': return 'MemoryFormat';
    case 'Generator': return 'Generator';
    default: return null;
  }
}

function argType(arg, fixed, lenientTensor) {
  const optional = arg.type.endsWith('?');
  const t = baseType(optional ? arg.type.slice(0, -1) : arg.type, fixed, lenientTensor && !optional);
  if (t === null) return null;
  return optional ? `${t} | null` : t;
}

function retType(r) {
  switch (r.type) {
    case 'Tensor': return 'Tensor';
    case 'Tensor[]': return 'Tensor[]';
    case 'int': case 'SymInt': case 'float': case 'SymFloat': case 'Scalar': return 'number';
    case 'bool': case 'SymBool': return 'boolean';
    case 'ScalarType': return 'DType';
    case 'str': return 'string';
    default: return 'unknown';
  }
}

function returnsOf(o, selfIndex) {
  const r = o.returns;
  if (r.length === 0) return 'void';
  if (r.length === 1) return selfIndex >= 0 && r[0].aliasesArg === selfIndex && r[0].type === 'Tensor' ? 'this' : retType(r[0]);
  return `[${r.map(retType).join(', ')}]`;
}

const isFactory = (o) => o.args.some((a) => a.kwargOnly && (a.name === 'dtype' || a.name === 'layout' || a.name === 'device' || a.name === 'pin_memory'))
  && o.args.some((a) => a.name === 'pin_memory' || a.name === 'layout');

// out= overloads: the arguments written to, given by keyword only.
const outArgs = (o) => o.args.filter((a) => a.writes && a.kwargOnly);
const argKey = (a) => `${a.name}:${a.type}:${a.kwargOnly}:${a.hasDefault ? a.default : '-'}`;

/**
 * The TypeScript signatures of one schema overload: `[paramsText, returnText, isVarargs]`.
 * `method`: drop `self` (at selfIndex); out= keys (merged from the out overload) go into options.
 */
function signaturesOf(name, o, { method, selfIndex, mergedOut }) {
  const fixed = fixedLengths(o.schema);
  const lenient = NUMBERS_AS_TENSORS.has(name);
  const params = o.args.filter((_, i) => !(method && i === selfIndex));
  for (const a of params) if (argType(a, fixed.has(a.name), false) === null) return [];
  const positional = params.filter((a) => !a.kwargOnly);
  const kwOnly = params.filter((a) => a.kwargOnly);
  const typeOf = (a) => argType(a, fixed.has(a.name), lenient && !a.writes);
  const ret = returnsOf(o, method ? selfIndex : -1);
  const p = positional.length;
  let r = 0;
  positional.forEach((a, i) => { if (!a.hasDefault) r = i + 1; });
  // Leading Tensor parameters are always positional; later ones may also be given by name.
  // (For methods even the first: x.sum({ dim: 1 }), x.logSoftmax({ dim: 1 }).)
  let kmin = r > 0 && !method ? 1 : 0;
  while (kmin < r && (positional[kmin].type === 'Tensor' || positional[kmin].type === 'Tensor[]' || positional[kmin].name === 'self')) kmin++;
  const extraKeys = [];
  if (mergedOut) {
    for (const a of mergedOut) extraKeys.push(`${camel(a.name)}?: Tensor`);
    // Python's out=(values, indices) for several outputs.
    if (mergedOut.length > 1 && !mergedOut.some((a) => a.name === 'out')) extraKeys.push(`out?: readonly [${mergedOut.map(() => 'Tensor').join(', ')}]`);
  }
  if (isFactory(o)) extraKeys.push('requiresGrad?: boolean');
  const out = [];
  for (let k = kmin; k <= p; k++) {
    const ps = positional.slice(0, k).map((a) => `${a.name === 'self' ? 'input' : safeParam(camel(a.name))}: ${typeOf(a)}`);
    const keys = [];
    let required = false;
    for (const a of positional.slice(k).concat(kwOnly)) {
      const opt = a.hasDefault;
      if (!opt) required = true;
      keys.push(`${camel(a.name)}${opt ? '?' : ''}: ${typeOf(a)}`);
    }
    keys.push(...extraKeys);
    if (keys.length > 0) ps.push(`options${required ? '' : '?'}: { ${keys.join('; ')} }`);
    out.push([ps.join(', '), ret, false]);
  }
  // Varargs sizes where Python allows them: a single positional int list (x.view(2, 3), torch.zeros(2, 3)).
  if (p === 1 && (positional[0].type === 'int[]' || positional[0].type === 'SymInt[]')) {
    const n = safeParam(camel(positional[0].name));
    out.push([`...${n}: number[]`, ret, true]);
    const keys = kwOnly.map((a) => `${camel(a.name)}${a.hasDefault ? '?' : ''}: ${typeOf(a)}`).concat(extraKeys);
    if (keys.length > 0) out.push([`...args: [...${n}: number[], options: { ${keys.join('; ')} }]`, ret, true]);
  }
  return out;
}

function safeParam(n) {
  return RESERVED.has(n) || n === 'arguments' || n === 'eval' ? `${n}_` : n;
}

/** The overloads of a family with out= overloads folded into the functional overload they mirror. */
function foldOut(overloads, method) {
  const result = [];
  const byKey = new Map();
  for (const o of overloads) {
    const outs = outArgs(o);
    if (outs.length === 0) {
      const entry = { o, mergedOut: null };
      byKey.set(o.args.map(argKey).join(','), entry);
      result.push(entry);
    }
  }
  for (const o of overloads) {
    const outs = outArgs(o);
    if (outs.length === 0) continue;
    if (method) continue;  // Python's Tensor methods take no out=
    const rest = o.args.filter((a) => !(a.writes && a.kwargOnly));
    const target = byKey.get(rest.map(argKey).join(','));
    if (target && target.mergedOut === null && o.returns.length === target.o.returns.length) target.mergedOut = outs;
    else result.push({ o, mergedOut: null });
  }
  return result;
}

function exampleOf(name, jsName, o0, method, selfIndex, sigs) {
  const o = (sigs && (sigs.find((s) => s.o.overload === '' || s.o.overload === 'Tensor') ?? sigs[0]).o) || o0;
  const params = o.args.filter((a, i) => !(method && i === selfIndex) && !a.kwargOnly && !a.hasDefault);
  // Tensors by name, other arguments by a plausible value.
  const argName = (a) => {
    const t = a.type.replace(/\?$/, '');
    if (a.name === 'self' && t === 'Tensor') return 'x';
    switch (t) {
      case 'int': case 'SymInt': return a.name.includes('dim') ? '1' : '2';
      case 'float': return '0.5';
      case 'bool': return 'true';
      case 'Scalar': return '2';
      case 'int[]': case 'SymInt[]': return a.name.includes('dim') ? '[0]' : '[2, 3]';
      case 'ScalarType': return "'float32'";
      case 'Tensor[]': return '[a, b]';
      default: return camel(a.name);
    }
  };
  let args;
  if (params.length === 1 && (params[0].type === 'int[]' || params[0].type === 'SymInt[]')) args = '2, 3';
  else args = params.map(argName).join(', ');
  return method ? `x.${jsName}(${args})` : `torch.${jsName}(${args})`;
}

function docLines(indent, desc, overloads, example) {
  const lines = [`${indent}/**`];
  if (desc) lines.push(`${indent} * ${desc}`);
  for (const o of overloads) lines.push(`${indent} * - \`${o.schema.replace(/\*\//g, '* /')}\``);
  lines.push(`${indent} * @example ${example}`);
  lines.push(`${indent} */`);
  return lines;
}

/** Distinct signatures, strict ones in resolution order, varargs after their fixed forms. */
function familySignatures(name, overloads, method, selfIndex) {
  const seen = new Set();
  const sigs = [];
  for (const { o, mergedOut } of foldOut(overloads, method)) {
    if (method && !(o.args[selfIndex] && o.args[selfIndex].name === 'self' && o.args[selfIndex].type === 'Tensor')) continue;
    for (const [params, ret] of signaturesOf(name, o, { method, selfIndex, mergedOut })) {
      const key = `(${params})`;
      if (seen.has(key)) continue;
      seen.add(key);
      sigs.push({ params, ret, o });
    }
  }
  return sigs;
}

// ---- emit ----------------------------------------------------------------------------------------
const HEADER = `// Generated by scripts/codegen.mjs from LibTorch ${version}. Do not edit.`;
const fn = [
  HEADER,
  '/* eslint-disable */',
  "import { callOp, opFamily } from '../dispatch.js';",
  "import type { Tensor } from '../tensor.js';",
  "import type { DType, Device } from '../dtype.js';",
  "import type { Generator } from '../generator.js';",
  "import type { Scalar, Layout, MemoryFormat } from '../op_arg.js';",
  '',
];
const methods = [
  HEADER,
  '/* eslint-disable */',
  "import { callOp, opFamily } from '../dispatch.js';",
  "import { Tensor } from '../tensor.js';",
  "import type { DType, Device } from '../dtype.js';",
  "import type { Generator } from '../generator.js';",
  "import type { Scalar, Layout, MemoryFormat } from '../op_arg.js';",
  '',
];
const methodDecls = [];
const methodDefs = [];
const methodNames = [];
const functionNames = [];
let nSigs = 0;
const namespaces = new Map();
const seenJs = new Map();
for (const name of names) {
  const overloads = families.get(name);
  const jsName = camel(name);
  if (name.startsWith('_')) continue;  // private: torch.ops.aten._name
  if (seenJs.has(jsName)) throw new Error(`codegen: ${name} and ${seenJs.get(jsName)} both map to ${jsName}`);
  seenJs.set(jsName, name);
  const [onTorch, onTensor, onNN, fdoc, mdoc, sub, isProperty] = py[name];
  if (sub) {
    // torch.linalg.vectorNorm <- aten::linalg_vector_norm, torch.fft.rfft <- aten::fft_rfft, ...
    const sigs = familySignatures(name, overloads, false, -1);
    if (sigs.length > 0) {
      const [mod, sdoc] = sub;
      const member = camel(name.slice(mod.length + 1));
      let ns = namespaces.get(mod);
      if (!ns) namespaces.set(mod, (ns = { decls: [], defs: [], ids: [] }));
      const example = exampleOf(name, `${mod}.${member}`, sigs[0].o, false, -1, sigs);
      for (const s of sigs) {
        ns.decls.push(...docLines('  ', sdoc, [s.o], example));
        ns.decls.push(`  ${member}(${s.params}): ${s.ret};`);
      }
      ns.ids.push(`const f_${name} = opFamily('${name}');`);
      ns.defs.push(`  ${member}: (...args: unknown[]): unknown => callOp(f_${name}, args),`);
      nSigs += sigs.length;
    }
  }
  if ((onTorch || onNN) && !HANDWRITTEN_FUNCTIONS.has(jsName)) {
    const sigs = familySignatures(name, overloads, false, -1);
    if (sigs.length > 0) {
      const id = `f_${name}`;
      fn.push(`const ${id} = opFamily('${name}');`);
      const exportName = RESERVED.has(jsName) ? `${jsName}_` : jsName;
      const example = exampleOf(name, jsName, sigs[0].o, false, -1, sigs);
      for (const s of sigs) {
        fn.push(...docLines('', fdoc, [s.o], example));
        fn.push(`export function ${exportName}(${s.params}): ${s.ret};`);
      }
      fn.push(`export function ${exportName}(...args: unknown[]): unknown { return callOp(${id}, args); }`);
      if (exportName !== jsName) fn.push(`export { ${exportName} as ${jsName} };`);
      functionNames.push(jsName);
      nSigs += sigs.length;
    }
  }
  if (onTensor && !HANDWRITTEN_METHODS.has(jsName)) {
    const positions = new Set();
    for (const o of overloads) {
      const i = o.args.findIndex((a) => a.name === 'self' && a.type === 'Tensor');
      if (i >= 0) positions.add(i);
    }
    if (positions.size !== 1) continue;
    const selfIndex = [...positions][0];
    const sigs = familySignatures(name, overloads, true, selfIndex);
    if (sigs.length === 0) continue;
    if (isProperty) {
      // A property in Python (x.mT, x.real): a getter here.
      const s0 = sigs.find((s) => s.params === '');
      if (!s0) continue;
      methodDecls.push(...docLines('    ', mdoc || fdoc, [s0.o], `x.${jsName}`));
      methodDecls.push(`    readonly ${jsName}: ${s0.ret === 'this' ? 'Tensor' : s0.ret};`);
      methodDefs.push(`    ${JSON.stringify(jsName)}: { get(this: Tensor) { return callOp(f_${name}, [], this); }, configurable: true },`);
      methods.push(`const f_${name} = opFamily('${name}');`);
      methodNames.push(jsName);
      nSigs += 1;
      continue;
    }
    const example = exampleOf(name, jsName, sigs[0].o, true, selfIndex, sigs);
    for (const s of sigs) {
      methodDecls.push(...docLines('    ', (/^See /.test(mdoc) && fdoc) || mdoc || fdoc, [s.o], example));
      methodDecls.push(`    ${jsName}(${s.params}): ${s.ret};`);
    }
    const body = selfIndex === 0
      ? `return callOp(f_${name}, args, this);`
      : `args.splice(${selfIndex}, 0, this); return callOp(f_${name}, args);`;
    methodDefs.push(`    ${JSON.stringify(jsName)}: { value(this: Tensor, ...args: unknown[]) { ${body} }, writable: true, configurable: true },`);
    methods.push(`const f_${name} = opFamily('${name}');`);
    methodNames.push(jsName);
    nSigs += sigs.length;
  }
}
methods.push('', "declare module '../tensor.js' {", '  interface Tensor {', ...methodDecls, '  }', '}', '');
methods.push('/** Installs the operator methods on Tensor.prototype (done once by lib/torch.ts); hand-written members win. */');
methods.push('export function installTensorMethods(): void {');
methods.push('  const defs: PropertyDescriptorMap = {', ...methodDefs, '  };');
methods.push('  for (const name of Object.keys(defs)) if (Object.prototype.hasOwnProperty.call(Tensor.prototype, name)) delete defs[name];');
methods.push('  Object.defineProperties(Tensor.prototype, defs);', '}', '');
fn.push('');
// torch.ops.aten: every name (private ones included), typed by what its overloads return.
const aten = [
  HEADER,
  "import type { Tensor } from '../tensor.js';",
  "import type { DType } from '../dtype.js';",
  "import type { AtenOp } from '../ops_namespace.js';",
  '',
  '/** Every `aten::` operator of the LibTorch the typings were generated from, with its return type. */',
  'export interface AtenOps {',
];
for (const name of names) {
  const rets = [...new Set(families.get(name).map((o) => returnsOf(o, -1)))];
  aten.push(`  /** ${families.get(name).map((o) => `\`${o.schema.replace(/\*\//g, '* /')}\``).join('<br>')} */`);
  aten.push(`  readonly ${JSON.stringify(name)}: AtenOp<${rets.join(' | ')}>;`);
}
aten.push('}', '');
aten.push('/** [JS name, ATen name] of the generated torch functions and Tensor methods (for tests and tools). */');
aten.push(`export const generatedFunctions: readonly (readonly [string, string])[] = ${JSON.stringify(functionNames.map((n) => [n, seenJs.get(n)]))};`);
aten.push(`export const generatedMethods: readonly (readonly [string, string])[] = ${JSON.stringify(methodNames.map((n) => [n, seenJs.get(n)]))};`, '');
const nsOut = [
  HEADER,
  '// torch.linalg, torch.fft and torch.special: the aten::linalg_*, fft_*, special_* operators Python',
  '// exposes in those modules, under their short names.',
  "import { callOp, opFamily } from '../dispatch.js';",
  "import type { Tensor } from '../tensor.js';",
  "import type { DType, Device } from '../dtype.js';",
  "import type { Generator } from '../generator.js';",
  "import type { Scalar, Layout, MemoryFormat } from '../op_arg.js';",
  '',
];
for (const mod of [...namespaces.keys()].sort()) {
  const ns = namespaces.get(mod);
  const iface = `Torch${mod[0].toUpperCase()}${mod.slice(1)}`;
  nsOut.push(...ns.ids, '', `/** torch.${mod}: as Python's torch.${mod} module. */`, `export interface ${iface} {`, ...ns.decls, '}', '');
  nsOut.push(`/** torch.${mod}, as in Python. @example torch.${mod}.${ns.defs[0].trim().split(':')[0]}(x) */`);
  nsOut.push(`export const ${mod}: ${iface} = {`, ...ns.defs, `} as unknown as ${iface};`, '');
}
// `--check`: compare with the committed files instead of writing (exit 1 when they are stale).
const check = process.argv.includes('--check');
const outputs = {
  'lib/generated/namespaces.ts': nsOut.join('\n'),
  'lib/generated/aten_ops.ts': aten.join('\n'),
  'lib/generated/functions.ts': fn.join('\n'),
  'lib/generated/tensor_methods.ts': methods.join('\n'),
};
if (check) {
  const stale = Object.keys(outputs).filter((p) => {
    try { return readFileSync(join(root, p), 'utf8') !== outputs[p]; } catch { return true; }
  });
  if (stale.length > 0) {
    console.error(`codegen --check: out of date: ${stale.join(', ')} (run npm run codegen)`);
    process.exit(1);
  }
  console.log('codegen --check: lib/generated is up to date');
} else {
  mkdirSync(join(root, 'lib/generated'), { recursive: true });
  for (const [p, text] of Object.entries(outputs)) writeFileSync(join(root, p), text);
  console.log(`codegen: ${names.length} operator names, ${functionNames.length} torch functions, ${methodNames.length} Tensor methods, ${nSigs} signatures (LibTorch ${version})`);
}
