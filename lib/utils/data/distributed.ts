// torch.utils.data.distributed.DistributedSampler: each rank of a distributed job visits its own
// share of the dataset. The indices are Python's for the same seed and epoch (one randperm from a
// generator seeded seed + epoch, padded by repetition or truncated, then every numReplicas-th),
// so Node and Python ranks of one job split a dataset the same way.
import { randperm } from '../../generated/functions.js';
import { Generator } from '../../generator.js';
import { getRank, getWorldSize, isAvailable } from '../../distributed/distributed_c10d.js';
import { Sampler, checkedLength } from './sampler.js';
import type { Sized } from './sampler.js';
import { argTypeError, isPlainObject } from '../../validate.js';

/** DistributedSampler's options (Python's keyword arguments). */
export interface DistributedSamplerOptions {
  /** The number of ranks sharing the dataset (default: the default group's world size). */
  numReplicas?: number | null;
  /** This rank (default: the rank in the default group). */
  rank?: number | null;
  /** A new permutation each epoch (default true). */
  shuffle?: boolean;
  /** The permutation's seed, the same on every rank (default 0). */
  seed?: number;
  /** Drop the tail so every rank gets the same count, rather than padding by repetition. */
  dropLast?: boolean;
}

const NAMES = ['numReplicas', 'rank', 'shuffle', 'seed', 'dropLast'];

function int(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw argTypeError('DistributedSampler', name, 'an integer', value);
  return value;
}

/**
 * Python's DistributedSampler: restricts loading to this rank's share of `dataset`. With
 * shuffle, call `setEpoch(epoch)` before each epoch so the order changes (it is seeded
 * seed + epoch, the same on every rank). Without dropLast the indices are padded by repetition
 * so every rank gets `length` of them.
 * @example
 * const sampler = new torch.utils.data.DistributedSampler(dataset, { numReplicas: 2, rank: 0, seed: 0 });
 * const loader = new torch.utils.data.DataLoader(dataset, { batchSize: 32, sampler });
 * for (let epoch = 0; epoch < 3; epoch++) { sampler.setEpoch(epoch); for (const batch of loader) { ... } }
 */
export class DistributedSampler extends Sampler<number> {
  readonly dataset: Sized;
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  epoch = 0;
  /** The indices each rank gets per epoch. */
  readonly numSamples: number;
  /** numSamples * numReplicas. */
  readonly totalSize: number;

  constructor(dataset: Sized, options: DistributedSamplerOptions = {}) {
    super();
    if (!isPlainObject(options as unknown)) throw argTypeError('DistributedSampler', 'options', 'an object', options);
    for (const k of Object.keys(options)) {
      if (!NAMES.includes(k)) throw new TypeError(`DistributedSampler(): unknown option '${k}' (expected one of ${NAMES.join(', ')})`);
    }
    let numReplicas = options.numReplicas ?? null;
    let rank = options.rank ?? null;
    if (numReplicas === null) {
      if (!isAvailable()) throw new Error('Requires distributed package to be available');
      numReplicas = getWorldSize();
    }
    if (rank === null) {
      if (!isAvailable()) throw new Error('Requires distributed package to be available');
      rank = getRank();
    }
    numReplicas = int(numReplicas, 'numReplicas');
    rank = int(rank, 'rank');
    if (numReplicas < 1) throw new RangeError(`DistributedSampler: numReplicas must be positive (got ${numReplicas})`);
    if (rank >= numReplicas || rank < 0) {
      throw new RangeError(`Invalid rank ${rank}, rank should be in the interval [0, ${numReplicas - 1}]`);
    }
    const shuffle = options.shuffle ?? true;
    const dropLast = options.dropLast ?? false;
    if (typeof shuffle !== 'boolean') throw argTypeError('DistributedSampler', 'shuffle', 'a boolean', shuffle);
    if (typeof dropLast !== 'boolean') throw argTypeError('DistributedSampler', 'dropLast', 'a boolean', dropLast);
    this.dataset = dataset;
    this.numReplicas = numReplicas;
    this.rank = rank;
    this.shuffle = shuffle;
    this.seed = int(options.seed ?? 0, 'seed');
    this.dropLast = dropLast;
    const n = checkedLength('DistributedSampler', "the dataset's", dataset);
    this.numSamples = dropLast && n % numReplicas !== 0
      ? Math.ceil((n - numReplicas) / numReplicas) + 0  // + 0: Python's math.ceil(-0.5) is 0, not -0
      : Math.ceil(n / numReplicas);
    this.totalSize = this.numSamples * numReplicas;
  }

  /** This rank's indices for the current epoch. */
  private indices(): number[] {
    const n = checkedLength('DistributedSampler', "the dataset's", this.dataset);
    let indices: number[];
    if (this.shuffle) {
      const generator = new Generator().manualSeed(this.seed + this.epoch);
      const perm = randperm(n, { generator });
      const small = perm.to('int32');
      indices = Array.from(small.dataSync() as Int32Array);
      small.dispose();
      perm.dispose();
    } else {
      indices = Array.from({ length: n }, (_, i) => i);
    }
    if (!this.dropLast) {
      const padding = this.totalSize - indices.length;
      if (padding <= indices.length) {
        indices = indices.concat(indices.slice(0, padding));
      } else {
        const repeats = Math.ceil(padding / indices.length);
        const extra: number[] = [];
        for (let r = 0; r < repeats && extra.length < padding; r++) extra.push(...indices);
        indices = indices.concat(extra.slice(0, padding));
      }
    } else {
      indices = indices.slice(0, this.totalSize);
    }
    const mine: number[] = [];
    for (let i = this.rank; i < this.totalSize; i += this.numReplicas) mine.push(indices[i]!);
    return mine;
  }

  *[Symbol.iterator](): Iterator<number> {
    yield* this.indices();
  }

  /** @internal a whole epoch of indices at once (the DataLoader's fast path). */
  _epochIndices(): number[] {
    return this.indices();
  }

  get length(): number {
    return this.numSamples;
  }

  /**
   * The epoch the next pass is shuffled for (seed + epoch); call it before each epoch.
   * @example sampler.setEpoch(epoch)
   */
  setEpoch(epoch: number): void {
    this.epoch = int(epoch, 'epoch');
  }
}
