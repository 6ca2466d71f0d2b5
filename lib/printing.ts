// String form of tensors (replaced by the exact port of PyTorch's _tensor_str in a later step).
import type { Tensor } from './tensor.js';

export function formatTensor(t: Tensor): string {
  if (t.isDisposed) return 'tensor(<disposed>)';
  return `tensor(${JSON.stringify(t.tolist())})`;
}
