import type { Tensor } from './tensor.js';
import type { Generator } from './generator.js';

/** What an operator accepts positionally: tensors, numbers, booleans, strings, lists, options. */
export type OpArg =
  | Tensor | number | bigint | boolean | string | null | undefined | Generator
  | readonly OpArg[]
  | { readonly [key: string]: OpArg };

/** A PyTorch Scalar: a number (integral numbers act as Python ints), a boolean, or a bigint for exact int64. */
export type Scalar = number | boolean | bigint;

/** A tensor layout, as PyTorch names it (`torch.strided` is `'strided'`). */
export type Layout = 'strided' | 'sparse_coo' | 'sparse_csr';

/** A memory format, as PyTorch names it (`torch.channels_last` is `'channels_last'`). */
export type MemoryFormat = 'contiguous_format' | 'preserve_format' | 'channels_last' | 'channels_last_3d';
