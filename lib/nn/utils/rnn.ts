// nn.utils.rnn: packed and padded batches of variable-length sequences, as torch/nn/utils/rnn.py.
// A PackedSequence holds the time steps of sorted sequences interleaved (`data`) with how many
// sequences are still running at each step (`batchSizes`); RNN, LSTM and GRU take and return one.
import { Tensor, type ToOptions } from '../../tensor.js';
import type { DType, Device } from '../../dtype.js';
import { ops } from '../../ops_namespace.js';
import { arange, emptyLike, sort, padSequence as atenPadSequence } from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { checkDense } from '../../arrays.js';
import { argTypeError, describeValue, parseArgs, checkBool, checkNumber, checkInt, checkChoice, checkTensor, type Args } from '../../validate.js';

function bind(t: Tensor | null, fn: (t: Tensor) => Tensor): Tensor | null {
  return t === null ? null : fn(t);
}

/**
 * A batch of variable-length sequences packed for RNN, LSTM and GRU: `data` holds the time
 * steps of every sequence interleaved (longest first), `batchSizes` how many sequences take part
 * at each step (an int64 tensor, always on the CPU), `sortedIndices` the order the batch was
 * sorted in (null when it came sorted) and `unsortedIndices` its inverse. Made by
 * `packPaddedSequence` or `packSequence`, not by hand; it unpacks like Python's named tuple:
 * `const [data, batchSizes] = packed`.
 * @example
 * const packed = nn.utils.rnn.packSequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5])]);
 * packed.data        // tensor([1., 4., 2., 5., 3.])
 * packed.batchSizes  // tensor([2, 2, 1])
 */
export class PackedSequence {
  readonly data: Tensor;
  readonly batchSizes: Tensor;
  readonly sortedIndices: Tensor | null;
  readonly unsortedIndices: Tensor | null;

  /**
   * As Python's `PackedSequence(data, batch_sizes, sorted_indices, unsorted_indices)`;
   * `unsortedIndices` defaults to the inverse of `sortedIndices`, and `data` may be the pair
   * [data, batchSizes] when batchSizes is not given.
   */
  constructor(data: Tensor | readonly [Tensor, Tensor], batchSizes: Tensor | null = null, sortedIndices: Tensor | null = null,
    unsortedIndices: Tensor | null = null) {
    const where = 'PackedSequence()';
    checkTensor(where, 'sortedIndices', sortedIndices, true);
    checkTensor(where, 'unsortedIndices', unsortedIndices, true);
    this.sortedIndices = sortedIndices ?? null;
    this.unsortedIndices = unsortedIndices ?? invertPermutation(this.sortedIndices);
    if (batchSizes !== null && batchSizes !== undefined) {
      checkTensor(where, 'batchSizes', batchSizes);
      if (!batchSizes.device.startsWith('cpu')) {
        throw new RangeError('batch_sizes should always be on CPU. Instances of PackedSequence should never be created manually. ' +
          'They should be instantiated by functions like pack_sequence and pack_padded_sequences in nn.utils.rnn. ' +
          'https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence');
      }
      this.data = checkTensor(where, 'data', data);
      this.batchSizes = batchSizes;
    } else {
      if (!Array.isArray(data) || data.length !== 2) throw new TypeError(`${where}: Expected data to be a list or tuple of length 2 (got ${describeValue(data)})`);
      this.data = checkTensor(where, 'data[0]', data[0]);
      this.batchSizes = checkTensor(where, 'data[1]', data[1]);
    }
  }

  /** The four fields in order, as Python's named tuple unpacks. @example const [data, batchSizes] = packed; */
  *[Symbol.iterator](): IterableIterator<Tensor | null> {
    yield this.data; yield this.batchSizes; yield this.sortedIndices; yield this.unsortedIndices;
  }

  /**
   * `data` converted as `Tensor.to` does, the indices moved to its device (batchSizes stays on
   * the CPU); this same object when nothing changes.
   * @example packed.to('float64')
   */
  to(target: DType | Device | Tensor | ToOptions, options?: Omit<ToOptions, 'dtype' | 'device'>): PackedSequence {
    const data = this.data.to(target, options);
    if (data === this.data) return this;
    const move = (t: Tensor): Tensor => t.to(data.device, options === undefined ? undefined : { nonBlocking: options.nonBlocking ?? false });
    return new PackedSequence(data, this.batchSizes, bind(this.sortedIndices, move), bind(this.unsortedIndices, move));
  }

  /** @example packed.cpu() */ cpu(): PackedSequence { return this.to('cpu'); }
  /** @example packed.cuda() */ cuda(device?: number | string): PackedSequence {
    return this.to(device === undefined ? 'cuda' : typeof device === 'number' ? `cuda:${device}` : device);
  }
  /** @example packed.double() */ double(): PackedSequence { return this.to('float64'); }
  /** @example packed.float() */ float(): PackedSequence { return this.to('float32'); }
  /** @example packed.half() */ half(): PackedSequence { return this.to('float16'); }
  /** @example packed.long() */ long(): PackedSequence { return this.to('int64'); }
  /** @example packed.int() */ int(): PackedSequence { return this.to('int32'); }
  /** @example packed.short() */ short(): PackedSequence { return this.to('int16'); }
  /** @example packed.char() */ char(): PackedSequence { return this.to('int8'); }
  /** @example packed.byte() */ byte(): PackedSequence { return this.to('uint8'); }
  /** Whether `data` is on a CUDA device. @example packed.isCuda */
  get isCuda(): boolean { return this.data.device.startsWith('cuda'); }

  /** Python's named-tuple repr. @example String(packed) */
  toString(): string {
    const r = (t: Tensor | null): string => (t === null ? 'None' : String(t));
    return `PackedSequence(data=${r(this.data)}, batch_sizes=${r(this.batchSizes)}, sorted_indices=${r(this.sortedIndices)}, unsorted_indices=${r(this.unsortedIndices)})`;
  }
}

/**
 * The inverse of a permutation (null for null): `out[permutation[i]] = i`.
 * @example nn.utils.rnn.invertPermutation(torch.tensor([2n, 0n, 1n])) // tensor([1, 2, 0])
 */
export function invertPermutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null || permutation === undefined) return null;
  checkTensor('invertPermutation()', 'permutation', permutation);
  const output = emptyLike(permutation, { memoryFormat: 'contiguous_format' });
  output.scatter_(0, permutation, arange(0, permutation.numel(), { device: permutation.device }));
  return output;
}

function lengthsTensor(where: string, lengths: unknown): Tensor {
  if (lengths instanceof Tensor) return lengths.to('int64');
  if (!Array.isArray(lengths)) throw argTypeError(where, 'lengths', 'a Tensor or an array of integers', lengths);
  checkDense(`${where}: lengths`, lengths);
  lengths.forEach((l: unknown, i: number) => { if (typeof l !== 'bigint') checkInt(where, `lengths[${i}]`, l); });
  return makeTensor((lengths as (number | bigint)[]).map((l) => BigInt(l)), { dtype: 'int64', device: 'cpu' });
}

/** Options of packPaddedSequence. */
export interface PackPaddedSequenceOptions {
  /** Input is (batch, time, *) instead of (time, batch, *) (default false). */
  batchFirst?: boolean;
  /** The sequences come sorted by decreasing length (default true); false sorts them here and unsorts on unpacking. */
  enforceSorted?: boolean;
}

/**
 * Packs a padded batch of sequences of the given lengths (time-major unless `batchFirst`).
 * With `enforceSorted` (the default) the lengths must be in decreasing order.
 * @example
 * const padded = torch.randn(5, 3, 8); // (time, batch, features)
 * const packed = nn.utils.rnn.packPaddedSequence(padded, [5, 3, 2]);
 * const [out, hn] = new nn.GRU(8, 16)(packed);
 */
export function packPaddedSequence(input: Tensor, lengths: Tensor | readonly (number | bigint)[],
  ...args: Args<[batchFirst: boolean, enforceSorted: boolean], PackPaddedSequenceOptions>): PackedSequence {
  const where = 'packPaddedSequence()';
  checkTensor(where, 'input', input);
  const o = parseArgs<Required<PackPaddedSequenceOptions>>(where, args, ['batchFirst', 'enforceSorted'], { batchFirst: false, enforceSorted: true });
  const batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
  let lens = lengthsTensor(where, lengths);
  let sortedIndices: Tensor | null = null;
  if (!checkBool(where, 'enforceSorted', o.enforceSorted)) {
    const [values, indices] = sort(lens, { descending: true }) as unknown as [Tensor, Tensor];
    lens = values;
    sortedIndices = indices.to(input.device);
    input = input.indexSelect(batchFirst ? 0 : 1, sortedIndices);
  }
  const [data, batchSizes] = ops.aten._pack_padded_sequence!(input, lens, batchFirst) as [Tensor, Tensor];
  return new PackedSequence(data, batchSizes, sortedIndices, null);
}

/** Options of padPackedSequence. */
export interface PadPackedSequenceOptions {
  /** Output (batch, time, *) instead of (time, batch, *) (default false). */
  batchFirst?: boolean;
  /** The value of padded positions (default 0). */
  paddingValue?: number;
  /** Pad to this many time steps (default: the longest sequence). */
  totalLength?: number | null;
}

/**
 * The inverse of packPaddedSequence: [padded, lengths], the batch back in its original order.
 * @example const [padded, lengths] = nn.utils.rnn.padPackedSequence(packedOut, { batchFirst: true });
 */
export function padPackedSequence(sequence: PackedSequence,
  ...args: Args<[batchFirst: boolean, paddingValue: number, totalLength: number | null], PadPackedSequenceOptions>): [Tensor, Tensor] {
  const where = 'padPackedSequence()';
  if (!(sequence instanceof PackedSequence)) throw argTypeError(where, 'sequence', 'a PackedSequence', sequence);
  const o = parseArgs<PadPackedSequenceOptions>(where, args, ['batchFirst', 'paddingValue', 'totalLength'], { batchFirst: false, paddingValue: 0, totalLength: null });
  const batchFirst = checkBool(where, 'batchFirst', o.batchFirst);
  const paddingValue = checkNumber(where, 'paddingValue', o.paddingValue);
  let maxSeqLength = sequence.batchSizes.size(0);
  if (o.totalLength !== null && o.totalLength !== undefined) {
    const total = checkInt(where, 'totalLength', o.totalLength);
    if (total < maxSeqLength) {
      throw new RangeError('Expected total_length to be at least the length of the longest sequence in input, but got ' +
        `total_length=${total} and max sequence length being ${maxSeqLength}`);
    }
    maxSeqLength = total;
  }
  const [padded, lengths] = ops.aten._pad_packed_sequence!(sequence.data, sequence.batchSizes, batchFirst, paddingValue, maxSeqLength) as [Tensor, Tensor];
  const unsorted = sequence.unsortedIndices;
  if (unsorted !== null) return [padded.indexSelect(batchFirst ? 0 : 1, unsorted), lengths.index([unsorted.cpu()])];
  return [padded, lengths];
}

/** Options of padSequence. */
export interface PadSequenceOptions {
  /** Output (batch, time, *) instead of (time, batch, *) (default false). */
  batchFirst?: boolean;
  /** The value of padded positions (default 0). */
  paddingValue?: number;
  /** Pad on the 'right' (default) or the 'left'. */
  paddingSide?: 'right' | 'left';
}

/**
 * Stacks sequences of different lengths (each (L_i, *)) into one padded tensor.
 * @example nn.utils.rnn.padSequence([torch.ones(3), torch.ones(1)], { batchFirst: true }) // (2, 3)
 */
export function padSequence(sequences: Tensor | Iterable<Tensor>,
  ...args: Args<[batchFirst: boolean, paddingValue: number, paddingSide: 'right' | 'left'], PadSequenceOptions>): Tensor {
  const where = 'padSequence()';
  const o = parseArgs<Required<PadSequenceOptions>>(where, args, ['batchFirst', 'paddingValue', 'paddingSide'], { batchFirst: false, paddingValue: 0, paddingSide: 'right' });
  const list = tensorList(where, 'sequences', sequences);
  return atenPadSequence(list, checkBool(where, 'batchFirst', o.batchFirst), checkNumber(where, 'paddingValue', o.paddingValue),
    checkChoice(where, 'paddingSide', o.paddingSide, ['right', 'left'] as const));
}

function tensorList(where: string, name: string, sequences: unknown): Tensor[] {
  if (sequences instanceof Tensor) return sequences.unbind(0);
  if (sequences === null || typeof sequences !== 'object' || typeof (sequences as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
    throw argTypeError(where, name, 'an iterable of Tensors', sequences);
  }
  if (Array.isArray(sequences)) checkDense(`${where}: ${name}`, sequences);
  const list = [...(sequences as Iterable<unknown>)];
  list.forEach((t, i) => checkTensor(where, `${name}[${i}]`, t));
  return list as Tensor[];
}

/**
 * Splits a padded batch back into its sequences, given their lengths. (Python's version, with
 * batch_first false, transposes its argument in place; this one leaves it as it was.)
 * @example const seqs = nn.utils.rnn.unpadSequence(padded, torch.tensor([3, 1]), { batchFirst: true });
 */
export function unpadSequence(paddedSequences: Tensor, lengths: Tensor | readonly number[],
  ...args: Args<[batchFirst: boolean], { batchFirst?: boolean }>): Tensor[] {
  const where = 'unpadSequence()';
  checkTensor(where, 'paddedSequences', paddedSequences);
  const o = parseArgs<{ batchFirst: boolean }>(where, args, ['batchFirst'], { batchFirst: false });
  const lens = lengths instanceof Tensor ? lengths : lengthsTensor(where, lengths);
  const padded = checkBool(where, 'batchFirst', o.batchFirst) ? paddedSequences : paddedSequences.transpose(0, 1);
  const maxLength = padded.shape[1]!;
  if (padded.shape[0] !== lens.numel()) throw new RangeError(`${where}: got ${padded.shape[0]} sequences but ${lens.numel()} lengths`);
  const idx = arange(maxLength, { device: lens.device });
  const out: Tensor[] = [];
  for (let i = 0; i < padded.shape[0]!; i++) out.push(padded.select(0, i).index([idx.lt(lens.select(0, i))]));
  return out;
}

/**
 * Packs a list of sequences (each (L_i, *)); with `enforceSorted` (the default) they must come
 * longest first.
 * @example const packed = nn.utils.rnn.packSequence([a, b, c], { enforceSorted: false });
 */
export function packSequence(sequences: readonly Tensor[], ...args: Args<[enforceSorted: boolean], { enforceSorted?: boolean }>): PackedSequence {
  const where = 'packSequence()';
  const o = parseArgs<{ enforceSorted: boolean }>(where, args, ['enforceSorted'], { enforceSorted: true });
  const list = tensorList(where, 'sequences', sequences);
  const lengths = list.map((v) => v.size(0));
  return packPaddedSequence(padSequence(list), lengths, { enforceSorted: checkBool(where, 'enforceSorted', o.enforceSorted) });
}

/**
 * The sequences of a PackedSequence, in their original order.
 * @example nn.utils.rnn.unpackSequence(nn.utils.rnn.packSequence([a, b])) // [a, b]
 */
export function unpackSequence(packedSequences: PackedSequence): Tensor[] {
  const [padded, lengths] = padPackedSequence(packedSequences, { batchFirst: true });
  return unpadSequence(padded, lengths, { batchFirst: true });
}
