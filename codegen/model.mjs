// Step 2 of codegen: from what load.mjs read, the model every emitter formats. Per aten:: name,
// what it becomes in JS: a torch function, a Tensor method or getter, a member of torch.linalg /
// fft / special, and always torch.ops.aten.NAME. Naming, typing and skipping rules live here;
// emitters only print.
//
// Signatures: positional parameters in schema order (camelCase names), then an options object
// holding keyword-only arguments and every parameter not given positionally (by camelCase name);
// varargs sizes where Python allows them; out= overloads folded into options.out. Overload
// resolution itself stays native (native/op_call.cpp): these types only describe what it accepts.

// JS names come from native code (listSchemas' jsName of operators and arguments: the one
// camelCase rule, native/names.h); codegen does not restate the rule.

const RESERVED = new Set(['var', 'new', 'in', 'class', 'const', 'let', 'if', 'for', 'while', 'do', 'switch', 'case', 'return', 'this', 'void', 'with', 'yield', 'typeof', 'instanceof', 'super', 'throw', 'try', 'catch', 'finally', 'enum', 'extends', 'delete', 'function', 'default', 'import', 'export']);
/** A JS export name for jsName: reserved words get a trailing '_' (exported under both). */
export const exportNameOf = (jsName) => (RESERVED.has(jsName) ? `${jsName}_` : jsName);
const safeParam = (n) => (RESERVED.has(n) || n === 'arguments' || n === 'eval' ? `${n}_` : n);

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

/** The TypeScript return type of an overload ('this' for a method returning its written self). */
export function returnsOf(o, selfIndex) {
  const r = o.returns;
  if (r.length === 0) return 'void';
  // Python's named tuple: the array carries the return names (native/op_call.cpp), typed by name.
  if (o.namedReturns) return `return_types.${o.returnTypeName}`;
  if (r.length === 1) return selfIndex >= 0 && r[0].aliasesArg === selfIndex && r[0].type === 'Tensor' ? 'this' : retType(r[0]);
  return `[${r.map(retType).join(', ')}]`;
}

// ---- named tuples --------------------------------------------------------------------------------
// Python's torch.return_types.NAME, one per operator name (its out= overloads share it, as Python's
// NAME_out has the same fields): the operator's camelCase name. The overloads of a few private
// operators return different fields; those get the overload's name appended.

/**
 * torch.return_types: name -> {name, op, fields: [{name, jsName, type}], schemas}, from every
 * overload whose result is a named tuple (listSchemas' namedReturns, the rule native code
 * applies); each such overload gets its type's name as `returnTypeName`.
 */
function namedReturnTypes(families) {
  const types = new Map();
  const key = (fs) => fs.map((f) => `${f.jsName}:${f.type}`).join(',');
  for (const overloads of families.values()) {
    for (const o of overloads) {
      if (!o.namedReturns) continue;
      const fields = o.returns.map((r) => ({ name: r.name, jsName: r.jsName, type: retType(r) }));
      let name = o.jsName;
      const first = types.get(name);
      if (first && key(first.fields) !== key(fields)) name = `${o.jsName}_${o.overload}`;
      o.returnTypeName = name;
      const t = types.get(name);
      if (!t) types.set(name, { name, op: o.name, fields, schemas: [o] });
      else t.schemas.push(o);
    }
  }
  return new Map([...types.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---- factory classification ----------------------------------------------------------------------
// The one rule, used for the typings here and by torch.setDefaultDevice (lib/generated/factories.ts):
// an overload takes TensorOptions when it has PyTorch's keyword-only dtype/layout/device/pin_memory
// group (so requires_grad= applies, as in Python: torch.zeros_like(x, requires_grad=True)); a
// family is a factory when one of its TensorOptions overloads takes no Tensor, so it creates a
// tensor from nothing and takes the default device (torch.zeros, not torch.zeros_like).
// PyTorch's TensorOptions group. Python's factories also take it with out= (checked against out:
// native/op_call.cpp, matchOutWithOptions), though LibTorch's out= overloads lack it.
const isTensorOption = (a) => a.kwargOnly && ['dtype', 'layout', 'device', 'pin_memory'].includes(a.name);
export const takesTensorOptions = (o) => o.args.some(isTensorOption)
  && o.args.some((a) => a.name === 'pin_memory' || a.name === 'layout');
const takesTensors = (o) => o.args.some((a) => a.type.includes('Tensor'));
export const isFactoryOverload = (o) => takesTensorOptions(o) && !takesTensors(o);

// ---- signatures ----------------------------------------------------------------------------------
// out= overloads: the arguments written to, given by keyword only.
const outArgs = (o) => o.args.filter((a) => a.writes && a.kwargOnly);
const argKey = (a) => `${a.name}:${a.type}:${a.kwargOnly}:${a.hasDefault ? a.default : '-'}`;

/**
 * The TypeScript signatures of one schema overload: `[paramsText, returnText, isVarargs]`.
 * `method`: drop `self` (at selfIndex); out= keys (merged from the out overload) go into options.
 */
function signaturesOf(lenient, o, { method, selfIndex, mergedOut }) {
  const fixed = fixedLengths(o.schema);
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
    for (const a of mergedOut) extraKeys.push(`${a.jsName}?: Tensor`);
    // Python's out=(values, indices) for several outputs.
    if (mergedOut.length > 1 && !mergedOut.some((a) => a.name === 'out')) extraKeys.push(`out?: readonly [${mergedOut.map(() => 'Tensor').join(', ')}]`);
  }
  if (takesTensorOptions(o)) extraKeys.push('requiresGrad?: boolean');
  const out = [];
  for (let k = kmin; k <= p; k++) {
    const ps = positional.slice(0, k).map((a) => `${a.name === 'self' ? 'input' : safeParam(a.jsName)}: ${typeOf(a)}`);
    const keys = [];
    let required = false;
    for (const a of positional.slice(k).concat(kwOnly)) {
      const opt = a.hasDefault;
      if (!opt) required = true;
      keys.push(`${a.jsName}${opt ? '?' : ''}: ${typeOf(a)}`);
    }
    keys.push(...extraKeys);
    if (keys.length > 0) ps.push(`options${required ? '' : '?'}: { ${keys.join('; ')} }`);
    out.push([ps.join(', '), ret, false]);
  }
  // Varargs sizes where Python allows them: a single positional int list (x.view(2, 3), torch.zeros(2, 3)).
  if (p === 1 && (positional[0].type === 'int[]' || positional[0].type === 'SymInt[]')) {
    const n = safeParam(positional[0].jsName);
    out.push([`...${n}: number[]`, ret, true]);
    const keys = kwOnly.map((a) => `${a.jsName}${a.hasDefault ? '?' : ''}: ${typeOf(a)}`).concat(extraKeys);
    if (keys.length > 0) out.push([`...args: [...${n}: number[], options: { ${keys.join('; ')} }]`, ret, true]);
  }
  return out;
}

/** The overloads of a family with out= overloads folded into the functional overload they mirror. */
function foldOut(overloads, method) {
  const result = [];
  const byKey = new Map();
  const byKeyWithoutOptions = new Map();
  for (const o of overloads) {
    const outs = outArgs(o);
    if (outs.length === 0) {
      const entry = { o, mergedOut: null };
      byKey.set(o.args.map(argKey).join(','), entry);
      if (takesTensorOptions(o)) {
        const key = o.args.filter((a) => !isTensorOption(a)).map(argKey).join(',');
        if (!byKeyWithoutOptions.has(key)) byKeyWithoutOptions.set(key, entry);
      }
      result.push(entry);
    }
  }
  for (const o of overloads) {
    const outs = outArgs(o);
    if (outs.length === 0) continue;
    if (method) continue;  // Python's Tensor methods take no out=
    const rest = o.args.filter((a) => !(a.writes && a.kwargOnly));
    const key = rest.map(argKey).join(',');
    const target = byKey.get(key) ?? byKeyWithoutOptions.get(key);
    if (target && target.mergedOut === null && o.returns.length === target.o.returns.length) target.mergedOut = outs;
    else result.push({ o, mergedOut: null });
  }
  return result;
}

/** Distinct signatures, strict ones in resolution order, varargs after their fixed forms. */
function familySignatures(lenient, overloads, method, selfIndex) {
  const seen = new Set();
  const sigs = [];
  // Overloads Python never binds (native/python_hidden_overloads.def) get no typings either.
  for (const { o, mergedOut } of foldOut(overloads.filter((o) => !o.hiddenFromPython), method)) {
    if (method && !(o.args[selfIndex] && o.args[selfIndex].name === 'self' && o.args[selfIndex].type === 'Tensor')) continue;
    for (const [params, ret] of signaturesOf(lenient, o, { method, selfIndex, mergedOut })) {
      const key = `(${params})`;
      if (seen.has(key)) continue;
      seen.add(key);
      sigs.push({ params, ret, o });
    }
  }
  return sigs;
}

/** A one-line @example call: tensors by name, other arguments by a plausible value. */
function exampleOf(jsName, method, selfIndex, sigs) {
  const o = (sigs.find((s) => s.o.overload === '' || s.o.overload === 'Tensor') ?? sigs[0]).o;
  const params = o.args.filter((a, i) => !(method && i === selfIndex) && !a.kwargOnly && !a.hasDefault);
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
      // A tensor by its name, made a valid identifier (`var` is a reserved word).
      default: return safeParam(a.jsName);
    }
  };
  let args;
  if (params.length === 1 && (params[0].type === 'int[]' || params[0].type === 'SymInt[]')) args = '2, 3';
  else args = params.map(argName).join(', ');
  return method ? `x.${jsName}(${args})` : `torch.${jsName}(${args})`;
}

// ---- the model -----------------------------------------------------------------------------------
/**
 * {version, names, families, functions, methods, namespaces, factories, tensorMembers}:
 * - families: aten name -> overloads (supported ones, in resolution order)
 * - functions: [{name, jsName, exportName, doc, example, sigs}] for torch.NAME
 * - methods: [{name, jsName, doc, example, sigs, selfIndex, property}] for Tensor.prototype.NAME
 * - namespaces: module -> [{name, member, doc, example, sigs}] for torch.linalg / fft / special
 * - factories: the aten names torch.setDefaultDevice applies to
 * - returnTypes: torch.return_types, the named tuples some operators return
 */
export function buildModel(input) {
  const { schemas, python, numbersAsTensors, tensorMembers, skip } = input;
  const handWrittenMethods = new Set(tensorMembers.map((m) => m.name));
  const handWrittenFunctions = new Set(Object.keys(skip.torchFunctions));

  // Overloads in the native resolution order (listSchemas' rank: default first, out= variants last;
  // then by name).
  const families = new Map();
  for (const s of schemas) {
    // The two tables agree: Python hides a Scalar overload only where its Tensor overload takes the number.
    if (s.hiddenFromPython && !numbersAsTensors.has(s.name)) {
      throw new Error(`codegen: aten::${s.name}.${s.overload} is hidden from Python (native/python_hidden_overloads.def) but ${s.name} is not in native/numbers_as_tensors.def`);
    }
    if (!s.supported) continue;
    let f = families.get(s.name);
    if (!f) families.set(s.name, (f = []));
    f.push(s);
  }
  for (const f of families.values()) {
    f.sort((a, b) => a.rank - b.rank || (a.overload < b.overload ? -1 : a.overload > b.overload ? 1 : 0));
  }
  const names = [...families.keys()].sort();
  const returnTypes = namedReturnTypes(families);

  const functions = [];
  const methods = [];
  const namespaces = new Map();
  const seenJs = new Map();
  for (const name of names) {
    const overloads = families.get(name);
    const jsName = overloads[0].jsName;
    if (name.startsWith('_')) continue;  // private: torch.ops.aten._name
    if (seenJs.has(jsName)) throw new Error(`codegen: ${name} and ${seenJs.get(jsName)} both map to ${jsName}`);
    seenJs.set(jsName, name);
    const lenient = numbersAsTensors.has(name);
    const [onTorch, onTensor, onNN, fdoc, mdoc, sub, isProperty] = python[name];
    // Private members of those modules (torch.linalg._powsum) stay torch.ops.aten.NAME, as private operators do.
    if (sub && !name.slice(sub[0].length + 1).startsWith('_')) {
      // torch.linalg.vectorNorm <- aten::linalg_vector_norm, torch.fft.rfft <- aten::fft_rfft, ...
      const sigs = familySignatures(lenient, overloads, false, -1);
      if (sigs.length > 0) {
        const [mod, doc] = sub;
        // The member's name is the operator's without the module prefix: linalgVectorNorm -> vectorNorm.
        const short = name.slice(mod.length + 1);
        if (!/^[a-z]/.test(short)) throw new Error(`codegen: torch.${mod}.${short} (aten::${name}) does not start with a lower-case letter`);
        const member = short[0] + jsName.slice(mod.length + 1);
        if (!namespaces.has(mod)) namespaces.set(mod, []);
        namespaces.get(mod).push({ name, member, doc, example: exampleOf(`${mod}.${member}`, false, -1, sigs), sigs });
      }
    }
    if ((onTorch || onNN) && !handWrittenFunctions.has(jsName)) {
      const sigs = familySignatures(lenient, overloads, false, -1);
      if (sigs.length > 0) {
        functions.push({ name, jsName, exportName: exportNameOf(jsName), doc: fdoc, example: exampleOf(jsName, false, -1, sigs), sigs });
      }
    }
    if (onTensor && !handWrittenMethods.has(jsName)) {
      const positions = new Set();
      for (const o of overloads) {
        const i = o.args.findIndex((a) => a.name === 'self' && a.type === 'Tensor');
        if (i >= 0) positions.add(i);
      }
      if (positions.size !== 1) continue;
      const selfIndex = [...positions][0];
      const sigs = familySignatures(lenient, overloads, true, selfIndex);
      if (sigs.length === 0) continue;
      if (isProperty) {
        // A property in Python (x.mT, x.real): a getter here.
        const s0 = sigs.find((s) => s.params === '');
        if (!s0) continue;
        methods.push({ name, jsName, doc: mdoc || fdoc, example: `x.${jsName}`, sigs: [s0], selfIndex, property: true });
        continue;
      }
      const doc = (/^See /.test(mdoc) && fdoc) || mdoc || fdoc;
      methods.push({ name, jsName, doc, example: exampleOf(jsName, true, selfIndex, sigs), sigs, selfIndex, property: false });
    }
  }
  const factories = names.filter((n) => families.get(n).some(isFactoryOverload));
  return { version: input.version, names, families, functions, methods, namespaces, factories, returnTypes, tensorMembers, dtypes: input.dtypes };
}
