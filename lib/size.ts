// torch.Size: what `x.size()` returns. An array of the sizes (indexing, length, destructuring,
// spreading, JSON and Array.isArray all work as on `x.shape`) that prints as Python prints it,
// `torch.Size([64, 1, 28, 28])`, and has Python's `numel()`.
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * The sizes of a tensor's dimensions, as torch.Size. `x.size()` returns one; `x.shape` stays a
 * plain number[].
 * @example
 * const s = torch.zeros(64, 1, 28, 28).size();
 * String(s)  // 'torch.Size([64, 1, 28, 28])'
 * s[0]       // 64
 * s.numel()  // 50176
 */
export class Size extends Array<number> {
  /** Python's `torch.Size([2, 3])`. @example new torch.Size([2, 3]) */
  constructor(sizes: Iterable<number> = []) {
    super();
    for (const d of sizes) {
      if (typeof d !== 'number' || !Number.isSafeInteger(d)) throw new TypeError(`torch.Size() takes an iterable of 'int' (item ${this.length} is ${typeof d === 'number' ? d : typeof d})`);
      this.push(d);
    }
  }

  // Derived arrays (map, filter, slice) are plain arrays: a map to strings is no torch.Size.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** @internal A Size made of `shape` itself (a fresh array nobody else holds), without a copy. */
  static adopt(shape: number[]): Size {
    Object.setPrototypeOf(shape, Size.prototype);
    return shape as Size;
  }

  /** The number of elements a tensor of this size holds. @example new torch.Size([2, 3]).numel() // 6 */
  numel(): number {
    let n = 1;
    for (const d of this) n *= d;
    return n;
  }

  /** Python's repr. @example String(x.size()) // 'torch.Size([2, 3])' */
  override toString(): string {
    return formatSize(this);
  }

  [inspectSymbol](): string {
    return formatSize(this);
  }
}

/** Python's `torch.Size([2, 3])` for any list of sizes (messages repeating PyTorch's use it). */
export function formatSize(sizes: readonly number[]): string {
  return `torch.Size([${sizes.join(', ')}])`;
}
