// The Tensor prototype, assembled once, here. Three parts, in this order:
//   1. the class body of lib/tensor.ts (what the rest of lib builds on: shape, dtype, to, ...);
//   2. the generated operator methods (lib/generated/tensor_methods.ts);
//   3. the other hand-written members, from the table below: each name maps to its
//      implementation, exported by the module that owns it (indexing, hooks, printing, ...).
// Every hand-written name is declared in codegen/data/tensor_members.json, which codegen reads so
// that it generates no operator method under it. `satisfies Record<HandWrittenTensorMember, ...>`
// ties the table to that declaration: a member added to or dropped from one and not the other
// is a type error. Members of the class body appear in the table as CLASS_BODY, checked at load.
// The package entries (lib/torch.ts, lib/vision/index.ts) import this module; nothing else patches
// Tensor.prototype.
import { inspect } from 'node:util';
import { Tensor, setTensorImpls } from './tensor.js';
import { callOp, opFamily } from './dispatch.js';
import { tensorMethods } from './generated/tensor_methods.js';
import type { HandWrittenTensorMember } from './generated/tensor_members.js';
import { index, indexPut_, type Indices } from './indexing.js';
import { registerHook } from './autograd/hooks.js';
import { runBackward } from './autograd/backward.js';
import { formatTensor } from './printing.js';
import {
  getT, getH, nelement, uniqueMethod, uniqueConsecutiveMethod, splitMethod, normMethod, nonzeroMethod, stftMethod, luMethod,
} from './tensor_functional_methods.js';
// The modules above that declare Tensor members (`declare module './tensor.js'`): kept in the
// published .d.ts of every file that imports this one.
export type {} from './generated/tensor_methods.js';
export type {} from './indexing.js';
export type {} from './autograd/hooks.js';
export type {} from './tensor_functional_methods.js';

/** A member defined by the class body of lib/tensor.ts. */
const CLASS_BODY = 'class body';

/** A hand-written member: in the class body, a method, or a getter. */
type Member = typeof CLASS_BODY | ((this: Tensor, ...args: never[]) => unknown) | { readonly get: (this: Tensor) => unknown };

const members = {
  // lib/tensor.ts
  dispose: CLASS_BODY,
  isDisposed: CLASS_BODY,
  shape: CLASS_BODY,
  size: CLASS_BODY,
  dim: CLASS_BODY,
  ndim: CLASS_BODY,
  numel: CLASS_BODY,
  dtype: CLASS_BODY,
  device: CLASS_BODY,
  isCuda: CLASS_BODY,
  stride: CLASS_BODY,
  requiresGrad: CLASS_BODY,
  requiresGrad_: CLASS_BODY,
  grad: CLASS_BODY,
  gradFn: CLASS_BODY,
  isLeaf: CLASS_BODY,
  retainGrad: CLASS_BODY,
  retainsGrad: CLASS_BODY,
  _version: CLASS_BODY,
  data: CLASS_BODY,
  backward: CLASS_BODY,
  item: CLASS_BODY,
  itemBigInt: CLASS_BODY,
  dataSync: CLASS_BODY,
  dataView: CLASS_BODY,
  tolist: CLASS_BODY,
  to: CLASS_BODY,
  float: CLASS_BODY,
  double: CLASS_BODY,
  half: CLASS_BODY,
  bfloat16: CLASS_BODY,
  long: CLASS_BODY,
  int: CLASS_BODY,
  short: CLASS_BODY,
  char: CLASS_BODY,
  byte: CLASS_BODY,
  bool: CLASS_BODY,
  cpu: CLASS_BODY,
  cuda: CLASS_BODY,
  typeAs: CLASS_BODY,
  type: CLASS_BODY,
  constructor: CLASS_BODY,
  // lib/printing.ts
  toString(this: Tensor): string { return formatTensor(this); },
  // lib/indexing.ts
  index(this: Tensor, indices: Indices): Tensor { return index(this, indices); },
  indexPut_(this: Tensor, indices: Indices, value: Tensor | number | boolean | bigint): Tensor { return indexPut_(this, indices, value); },
  // lib/autograd/hooks.ts
  registerHook,
  // lib/tensor_functional_methods.ts
  T: { get: getT },
  H: { get: getH },
  nelement,
  unique: uniqueMethod,
  uniqueConsecutive: uniqueConsecutiveMethod,
  split: splitMethod,
  norm: normMethod,
  nonzero: nonzeroMethod,
  stft: stftMethod,
  lu: luMethod,
} satisfies Record<HandWrittenTensorMember, Member>;

Object.defineProperties(Tensor.prototype, tensorMethods);
for (const [name, member] of Object.entries(members) as [string, Member][]) {
  if (member === CLASS_BODY) {
    if (!Object.prototype.hasOwnProperty.call(Tensor.prototype, name)) {
      throw new Error(`torch-node: Tensor.${name} is declared as a member of the Tensor class body, which has none`);
    }
  } else if (typeof member === 'function') {
    Object.defineProperty(Tensor.prototype, name, { value: member, writable: true, configurable: true });
  } else {
    Object.defineProperty(Tensor.prototype, name, { get: member.get, configurable: true });
  }
}
// Node's console.log and util.inspect print a tensor as PyTorch does.
Object.defineProperty(Tensor.prototype, inspect.custom, { value: members.toString, writable: true, configurable: true });

// What the class body delegates to modules that import lib/tensor.ts themselves.
const toFamily = opFamily('to');
const toDtypeFamily = opFamily('to.dtype');
setTensorImpls({
  toDtype: (t, dtype) => callOp(toDtypeFamily, [dtype], t) as Tensor,
  backward: runBackward,
  to: (t, spec) => callOp(toFamily, [{ dtype: spec.dtype ?? null, device: spec.device ?? null, nonBlocking: spec.nonBlocking, copy: spec.copy, memoryFormat: spec.memoryFormat ?? null }], t) as Tensor,
});
