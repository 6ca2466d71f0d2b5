// torch.jit.trace for JS code, and torch.jit.script's refusal.
import { Module } from '../nn/modules/module.js';
import { Tensor } from '../tensor.js';
import { native } from '../binding.js';
import { describeValue } from '../validate.js';
import { ScriptModule } from './script_module.js';
import type { TraceModuleSpec } from './native_types.js';

/** Options of `torch.jit.trace`. */
export interface TraceOptions {
  /**
   * Refuse mutable containers as outputs, as Python's `strict=True` (the default). Arrays
   * returned by the traced function are tuples either way.
   */
  strict?: boolean;
}

function emptySpec(className: string, training: boolean): TraceModuleSpec {
  return { className, training, tensors: [], children: [] };
}

/** The spec at a dotted path under spec (array members such as `layers.0` become containers). */
function specAt(spec: TraceModuleSpec, path: string[], training: boolean): TraceModuleSpec {
  let cur = spec;
  for (const part of path) {
    let next = cur.children.find(([n]) => n === part)?.[1];
    if (next === undefined) {
      next = emptySpec('ModuleList', training);
      cur.children.push([part, next]);
    }
    cur = next;
  }
  return cur;
}

function describeModule(m: Module, depth: number): TraceModuleSpec {
  if (depth > 256) throw new RangeError('torch.jit.trace(): the module tree is deeper than 256 levels');
  const spec = emptySpec(m.constructor.name || 'Module', m.training);
  const place = (dotted: string): [TraceModuleSpec, string] => {
    const parts = dotted.split('.');
    const leaf = parts.pop()!;
    return [specAt(spec, parts, m.training), leaf];
  };
  for (const [name, p] of m._ownParameters()) {
    const [s, leaf] = place(name);
    s.tensors.push([leaf, p, true]);
  }
  for (const [name, b] of m._ownBuffers()) {
    const [s, leaf] = place(name);
    s.tensors.push([leaf, b, false]);
  }
  for (const [name, child] of m._ownModules()) {
    const [s, leaf] = place(name);
    s.children.push([leaf, describeModule(child, depth + 1)]);
  }
  return spec;
}

/**
 * Records the operators a JS function or nn.Module runs on example inputs into a TorchScript
 * module (LibTorch's tracer: every operator goes through the dispatcher on this thread). The
 * result runs without JS, saves with `save()`, and loads in Python with `torch.jit.load`.
 *
 * As in Python, the trace is what ran: JS control flow and JS numbers (such as `x.shape[0]`)
 * are frozen to the example's values, and tensors the function closes over become constants.
 * A module's parameters and buffers become the traced module's (shared with the JS module),
 * under the same names and submodule tree. Blocks while it runs.
 * @example
 * const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10)).eval();
 * const traced = torch.jit.trace(model, [torch.randn(1, 784)]);
 * traced.save('model.pt'); // python: torch.jit.load('model.pt')
 * const f = torch.jit.trace((x: Tensor) => x.mul(torch.sigmoid(x)), torch.randn(3));
 */
export function trace(fnOrModule: Module | ((...args: never[]) => unknown), exampleInputs: Tensor | unknown[], options: TraceOptions = {}): ScriptModule {
  const inputs = exampleInputs instanceof Tensor ? [exampleInputs] : exampleInputs;
  if (!Array.isArray(inputs)) {
    throw new TypeError(`torch.jit.trace(fn, exampleInputs): exampleInputs must be a Tensor or an array of inputs (got ${describeValue(exampleInputs)})`);
  }
  if (typeof options !== 'object' || options === null) throw new TypeError(`torch.jit.trace(): options must be an object (got ${describeValue(options)})`);
  const strict = options.strict ?? true;
  if (typeof strict !== 'boolean') throw new TypeError(`torch.jit.trace(): strict must be a boolean (got ${describeValue(strict)})`);
  if (fnOrModule instanceof Module) {
    const module = fnOrModule;
    const spec = describeModule(module, 0);
    const call = (...args: unknown[]) => (module as unknown as (...a: unknown[]) => unknown)(...args);
    return new ScriptModule(native.jit.trace(call, inputs, spec, strict));
  }
  if (typeof fnOrModule !== 'function') {
    throw new TypeError(`torch.jit.trace(fn, exampleInputs): fn must be a function or an nn.Module (got ${describeValue(fnOrModule)})`);
  }
  return new ScriptModule(native.jit.trace(fnOrModule as (...args: unknown[]) => unknown, inputs, null, strict));
}

/**
 * Not available: `torch.jit.script` compiles Python source, and there is none in Node. Always
 * throws, saying what to do instead.
 * @example torch.jit.script(model) // throws: use torch.jit.trace, or script in Python
 */
export function script(_obj?: unknown): never {
  throw new Error('torch.jit.script() is not supported in torch-node: it compiles Python source code, which JS code does not have. ' +
    'Use torch.jit.trace(fnOrModule, exampleInputs) to record a JS function or nn.Module as TorchScript, or script the model ' +
    'in Python (torch.jit.script(model).save("model.pt")) and load it here with torch.jit.load("model.pt").');
}
