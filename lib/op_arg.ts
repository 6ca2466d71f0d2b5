import type { Tensor } from './tensor.js';
import type { Generator } from './generator.js';

/** What an operator accepts positionally: tensors, numbers, booleans, strings, lists, options. */
export type OpArg =
  | Tensor | number | bigint | boolean | string | null | undefined | Generator
  | readonly OpArg[]
  | { readonly [key: string]: OpArg };
