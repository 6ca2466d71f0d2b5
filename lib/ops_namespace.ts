// torch.ops.aten.NAME(...): every operator of the linked LibTorch, by its ATen name, including
// those without a typed wrapper (names starting with '_', backward kernels, ...), and one
// overload by name as in Python: torch.ops.aten.sum.dim_IntList(x, [1]), torch.ops.aten.add.default.
// Names are looked up natively on the first call, so an operator this LibTorch lacks fails then,
// with a clear TypeError, and never at import.
import { callOp, opFamily } from './dispatch.js';
import type { OpArg } from './op_arg.js';
import type { AtenOps } from './generated/aten_ops.js';

/** An operator: callable with its overloads resolved natively; `.OVERLOAD` calls one overload. */
export type AtenOp<R = unknown> = ((...args: OpArg[]) => R) & { readonly [overload: string]: (...args: OpArg[]) => R };

function opFunction(qualified: string): AtenOp {
  const family = opFamily(qualified);
  const call = (...args: OpArg[]) => callOp(family, args);
  const overloads = new Map<string, (...args: OpArg[]) => unknown>();
  return new Proxy(call, {
    get(target, key, receiver) {
      if (typeof key !== 'string' || key in target) return Reflect.get(target, key, receiver) as unknown;
      let f = overloads.get(key);
      if (f === undefined) {
        const one = opFamily(`${qualified}.${key}`);
        f = (...args: OpArg[]) => callOp(one, args);
        overloads.set(key, f);
      }
      return f;
    },
  }) as AtenOp;
}

function namespaceProxy(ns: string): Record<string, AtenOp> {
  const cache = new Map<string, AtenOp>();
  return new Proxy({} as Record<string, AtenOp>, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      let f = cache.get(name);
      if (f === undefined) {
        f = opFunction(`${ns}::${name}`);
        cache.set(name, f);
      }
      return f;
    },
  });
}

/**
 * Operators by namespace and ATen name, with the return types of the LibTorch the typings were
 * generated from. Overload resolution, defaults and keyword options work as for `torch.NAME`.
 * @example
 * torch.ops.aten._log_softmax(x, 1, false)
 * torch.ops.aten.sum.dim_IntList(x, [1])
 */
export const ops: {
  readonly aten: AtenOps & { readonly [name: string]: AtenOp };
  readonly prim: { readonly [name: string]: AtenOp };
} = {
  aten: namespaceProxy('aten') as AtenOps & { readonly [name: string]: AtenOp },
  prim: namespaceProxy('prim'),
};
