// torch.ops.aten.NAME(...): every operator of the linked LibTorch, by its ATen name, including
// those without a typed wrapper (names starting with '_', overload-qualified calls).
import { callOp, opFamily } from './dispatch.js';
import type { OpArg } from './op_arg.js';

type OpFunction = (...args: OpArg[]) => unknown;

function namespaceProxy(ns: string): Record<string, OpFunction> {
  const cache = new Map<string, OpFunction>();
  return new Proxy({} as Record<string, OpFunction>, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      let f = cache.get(name);
      if (f === undefined) {
        const family = opFamily(`${ns}::${name}`);
        f = (...args: OpArg[]) => callOp(family, args);
        cache.set(name, f);
      }
      return f;
    },
  });
}

/**
 * Operators by namespace and ATen name.
 * @example torch.ops.aten._log_softmax(x, 1, false)
 */
export const ops: { readonly aten: Record<string, OpFunction>; readonly prim: Record<string, OpFunction> } = {
  aten: namespaceProxy('aten'),
  prim: namespaceProxy('prim'),
};
