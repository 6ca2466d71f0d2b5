// nn.utils.skipInit, as torch/nn/utils/init.py.
import { Module } from '../modules/module.js';
import { isPlainObject, describeValue } from '../../validate.js';
import type { Device } from '../../dtype.js';

/**
 * Builds a module without initialising its parameters and buffers (their memory is left as it
 * is): the module is built on the 'meta' device, then moved with toEmpty to `device` (default
 * 'cpu'). The class must take a `device` keyword, as every built-in layer does; `args` are the
 * constructor's, the options object last. A class that takes no `device` keyword (unknown
 * option) or ignores it (its tensors are not on 'meta') is an error, as in PyTorch.
 * @example const l = nn.utils.skipInit(nn.Linear, 5, 1); nn.init.ones_(l.weight);
 */
export function skipInit<C extends new (...args: never) => Module>(moduleCls: C, ...args: ConstructorParameters<C>): InstanceType<C> {
  if (typeof moduleCls !== 'function' || !(moduleCls.prototype instanceof Module)) {
    throw new Error(`Expected a Module; got ${describeValue(moduleCls)}`);
  }
  const list = [...args] as unknown[];
  let options: Record<string, unknown>;
  if (list.length > 0 && isPlainObject(list[list.length - 1])) options = { ...(list.pop() as Record<string, unknown>) };
  else options = {};
  const finalDevice = (options.device ?? 'cpu') as Device;
  options.device = 'meta';
  let m: Module;
  try {
    m = Reflect.construct(moduleCls, [...list, options]) as Module;
  } catch (e) {
    if (e instanceof TypeError && /unknown option 'device'/.test(e.message)) throw new Error("Module must support a 'device' arg to skip initialization");
    throw e;
  }
  // JS cannot read a constructor's parameter names: a class that ignored `device` shows itself
  // by tensors that are not on 'meta' (and whose initialisation already ran).
  if ([...m.parameters(), ...m.buffers()].some((t) => String(t.device) !== 'meta')) {
    throw new Error("Module must support a 'device' arg to skip initialization");
  }
  return m.toEmpty({ device: finalDevice }) as InstanceType<C>;
}
