// What the fuzzer calls: enumerated from the loaded library at start-up (so new operators and
// methods are fuzzed without editing this file), minus test/fuzz/skips.json. Every list is
// sorted, so call k of a seed picks the same target on every run of the same build.
import { readFileSync } from 'node:fs';

const skips = JSON.parse(readFileSync(new URL('./skips.json', import.meta.url), 'utf8'));
const atenSkipPatterns = Object.keys(skips.atenPatterns).map((p) => new RegExp(p));

/** 'matrixNorm' -> 'matrix_norm', as the generated wrappers name ATen operators. */
function snake(name) {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isClass(v) {
  return typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));
}

/**
 * The fuzzed surface: `aten` (operator name -> its supported schemas), `functions` (torch.*,
 * torch.linalg/fft/special/nn.functional/autograd functions, with the ATen name whose schemas
 * guide their arguments when there is one), `methods` (Tensor.prototype: methods, getters,
 * setters) and `modules` (torch.nn layer classes). `generated` is test/generated/generated_names.json: the
 * JS name -> ATen name pairs of the generated wrappers.
 */
export function buildSurface(torch, native, { generatedFunctions, generatedMethods }) {
  const aten = new Map();
  for (const s of native.listSchemas('aten')) {
    if (!s.supported || s.name in skips.aten || atenSkipPatterns.some((re) => re.test(s.name))) continue;
    if (!aten.has(s.name)) aten.set(s.name, []);
    aten.get(s.name).push(s);
  }
  const atenNames = [...aten.keys()].sort();
  for (const name of atenNames) aten.get(name).sort((a, b) => (a.overload < b.overload ? -1 : a.overload > b.overload ? 1 : 0));
  const known = (name) => (aten.has(name) ? name : null);

  const functions = [];
  const add = (path, fn, atenName) => {
    // torch.cudnnConvolution and the like wrap the skipped device-only kernels.
    if (path in skips.functions || atenSkipPatterns.some((re) => re.test(atenName))) return;
    functions.push({ path, atenName: known(atenName), construct: isClass(fn) });
  };
  // The generated wrappers name their operator: torch.adaptiveAvgPool1d -> adaptive_avg_pool1d.
  const generatedAten = new Map(generatedFunctions);
  for (const key of Object.keys(torch).sort()) {
    const v = torch[key];
    if (typeof v === 'function') add(`torch.${key}`, v, generatedAten.get(key) ?? snake(key));
  }
  const namespaces = [['linalg', 'linalg_'], ['fft', 'fft_'], ['special', 'special_'], ['nn.functional', ''], ['autograd', '']];
  for (const [ns, prefix] of namespaces) {
    const obj = ns.split('.').reduce((o, k) => o[k], torch);
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (typeof v !== 'function' || (ns === 'autograd' && isClass(v))) continue;
      add(`torch.${ns}.${key}`, v, prefix + snake(key));
    }
  }

  const methodAten = new Map(generatedMethods);
  const methods = [];
  const proto = torch.Tensor.prototype;
  for (const name of Object.getOwnPropertyNames(proto).sort()) {
    if (name === 'constructor' || name in skips.methods) continue;
    const d = Object.getOwnPropertyDescriptor(proto, name);
    const atenName = known(methodAten.get(name) ?? snake(name));
    // generated: a wrapper from lib/generated that calls its operator with the arguments as given.
    if (typeof d.value === 'function') methods.push({ name, kind: 'call', atenName, generated: methodAten.has(name) && atenName !== null });
    if (d.get) methods.push({ name, kind: 'get', atenName });
    if (d.set) methods.push({ name, kind: 'set', atenName: null });
  }

  const modules = Object.keys(torch.nn).sort()
    .filter((k) => isClass(torch.nn[k]) && torch.nn[k].prototype instanceof torch.nn.Module);

  return { aten, atenNames, functions, methods, modules };
}
