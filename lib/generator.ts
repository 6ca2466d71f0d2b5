// torch.Generator: a random number generator state, as in PyTorch.
import { native, type GeneratorHandle } from './binding.js';
import { Tensor } from './tensor.js';
import { describeValue } from './validate.js';

function toSeed(seed: unknown, argName: string): bigint {
  if (typeof seed === 'bigint') return BigInt.asUintN(64, seed);
  if (typeof seed === 'number' && Number.isInteger(seed)) return BigInt.asUintN(64, BigInt(seed));
  // describeValue, not String(): String() of a hostile array-like (a Proxy reporting length 1e9) joins every element.
  throw new TypeError(`${argName} must be an integer number or bigint (got ${describeValue(seed)})`);
}

/**
 * A random number generator's state (torch.Generator), for reproducible sampling apart from the
 * default generator.
 * @example const g = new torch.Generator().manualSeed(42); torch.rand(3, { generator: g })
 */
export class Generator {
  /** @internal */
  readonly handle: GeneratorHandle;

  /**
   * A new generator on `device` (default 'cpu'), seeded like PyTorch's default.
   * @example
   * const g = new torch.Generator().manualSeed(42);
   * torch.rand(3, { generator: g });
   * new torch.Generator({ device: 'cpu' });   // torch.Generator(device='cpu')
   */
  constructor(device: string | { device?: string } = 'cpu', handle?: GeneratorHandle) {
    if (device !== null && typeof device === 'object' && Object.getPrototypeOf(device) === Object.prototype) device = device.device ?? 'cpu';
    if (typeof device !== 'string') throw new TypeError(`Generator(device): device must be a string such as 'cpu' or 'cuda' (got ${typeof device})`);
    this.handle = handle ?? native.newGenerator(device);
  }

  /** Sets the seed; returns this generator. @example g.manualSeed(0) */
  manualSeed(seed: number | bigint): this {
    native.generatorManualSeed(this.handle, toSeed(seed, 'seed'));
    return this;
  }

  /** The seed this generator was last seeded with. @example g.initialSeed() */
  initialSeed(): bigint {
    return native.generatorInitialSeed(this.handle);
  }

  /** Seeds from a non-deterministic source and returns the seed. @example g.seed() */
  seed(): bigint {
    return native.generatorSeed(this.handle);
  }

  /** The generator state as a uint8 tensor. @example const s = g.getState(); g.setState(s) */
  getState(): Tensor {
    return native.generatorGetState(this.handle);
  }

  /** Restores a state from getState(). @example g.setState(s) */
  setState(state: Tensor): this {
    if (!(state instanceof Tensor)) throw new TypeError('setState(state): state must be a Tensor from getState()');
    native.generatorSetState(this.handle, state);
    return this;
  }

  get device(): string {
    return native.generatorDevice(this.handle);
  }
}

/** The default CPU generator (torch.default_generator). */
export const defaultGenerator = new Generator('cpu', native.defaultGenerator('cpu'));

/** Seeds every device's default generator, as torch.manual_seed. @example torch.manualSeed(0) */
export function manualSeed(seed: number | bigint): Generator {
  native.manualSeed(toSeed(seed, 'seed'));
  return defaultGenerator;
}

/** Seeds the default generator non-deterministically; returns the seed. @example torch.seed() */
export function seed(): bigint {
  const s = defaultGenerator.seed();
  native.manualSeed(s);
  return s;
}

/** The default generator's initial seed. @example torch.initialSeed() */
export function initialSeed(): bigint {
  return defaultGenerator.initialSeed();
}

/**
 * The default CPU generator's state as a uint8 tensor (torch.get_rng_state).
 * @example const s = torch.getRngState(); torch.rand(2); torch.setRngState(s); torch.rand(2) // the same numbers
 */
export function getRngState(): Tensor {
  return defaultGenerator.getState();
}

/** Restores the default CPU generator's state (torch.set_rng_state). @example torch.setRngState(s) */
export function setRngState(state: Tensor): void {
  if (!(state instanceof Tensor)) throw new TypeError(`setRngState(state): state must be a Tensor from getRngState() (got ${state === null ? 'null' : typeof state})`);
  defaultGenerator.setState(state);
}
