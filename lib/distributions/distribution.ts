// torch.distributions.Distribution: the base class, as torch/distributions/distribution.py
// (shapes, argument validation with Python's messages, sample under no_grad, repr).
import { Tensor } from '../tensor.js';
import { Size } from '../size.js';
import * as T from '../generated/functions.js';
import { noGrad } from '../autograd/grad_mode.js';
import { Constraint, isDependent } from './constraints.js';
import { pyFloat, pyTuple, sameShape } from './utils.js';

// Python formats tensors in f-strings with Tensor.__format__: a 0-dim tensor as its item.
function formatValue(v: Tensor): string {
  return v.dim() === 0 ? pyScalar(v) : String(v);
}

function pyScalar(v: Tensor): string {
  const x = v.item();
  if (v.dtype === 'bool') return x ? 'True' : 'False';
  return v.isFloatingPoint() ? pyFloat(x) : String(x);
}

/** Options every distribution takes: `validateArgs` (default: Distribution's default, true). */
export interface DistributionOptions {
  validateArgs?: boolean;
}

/** @internal camelCase parameter name to Python's snake_case (for messages and repr). */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** @internal Python's NotImplementedError. */
export function notImplemented(what: string): Error {
  const e = new Error(what);
  e.name = 'NotImplementedError';
  return e;
}

/**
 * The abstract base class of probability distributions.
 * @example
 * const d = new torch.distributions.Normal(0, 1);
 * d.sample([3]); d.logProb(torch.tensor(0.5));
 */
export abstract class Distribution {
  private static _defaultValidateArgs = true;

  /**
   * Sets whether distributions validate their arguments by default (Python's default is true).
   * @example torch.distributions.Distribution.setDefaultValidateArgs(false)
   */
  static setDefaultValidateArgs(value: boolean): void {
    if (typeof value !== 'boolean') throw new TypeError(`setDefaultValidateArgs(value): value must be a boolean (got ${typeof value})`);
    Distribution._defaultValidateArgs = value;
  }

  /** @internal */
  protected _batchShape: Size = new Size();
  /** @internal */
  protected _eventShape: Size = new Size();
  private _validateArgsOverride: boolean | undefined;

  /** Whether this distribution validates arguments (its own setting, else the default). */
  get _validateArgs(): boolean {
    return this._validateArgsOverride ?? Distribution._defaultValidateArgs;
  }

  /** Whether rsample is implemented (reparameterized samples). */
  get hasRsample(): boolean { return false; }
  /** Whether enumerateSupport is implemented. */
  get hasEnumerateSupport(): boolean { return false; }

  /**
   * Sets the shapes and validates the parameters against argConstraints (Python's
   * `Distribution.__init__`, which subclasses call after setting their parameters).
   * @internal
   */
  protected _init(batchShape: readonly number[] = [], eventShape: readonly number[] = [], validateArgs?: boolean): void {
    this._batchShape = new Size(batchShape);
    this._eventShape = new Size(eventShape);
    if (validateArgs !== undefined && validateArgs !== null) {
      if (typeof validateArgs !== 'boolean') throw new TypeError(`${this.constructor.name}: option validateArgs must be a boolean (got ${typeof validateArgs})`);
      this._validateArgsOverride = validateArgs;
    }
    if (this._validateArgs) {
      for (const [param, constraint] of Object.entries(this.argConstraints)) {
        if (isDependent(constraint)) continue;
        if (this._isLazyUnset(param)) continue;
        const value = (this as unknown as Record<string, unknown>)[param];
        if (!(value instanceof Tensor)) continue;
        const valid = constraint.check(value);
        if (!valid.all().item()) {
          throw new RangeError(
            `Expected parameter ${snake(param)} (Tensor of shape ${pyTuple(value.shape)}) of distribution ${this.toString()} ` +
            `to satisfy the constraint ${String(constraint)}, but found invalid values:\n${formatValue(value)}`,
          );
        }
      }
    }
  }

  /** @internal Whether a lazily computed parameter (probs/logits, ...) is not computed yet. */
  protected _isLazyUnset(_param: string): boolean {
    return false;
  }

  /** @internal The parameters computed lazily from others (probs/logits, ...). */
  protected _lazyParams(): readonly string[] {
    return [];
  }

  /** @internal A new instance of this class without running its constructor (for expand). */
  protected _newInstance<D extends Distribution>(this: D): D {
    return Object.create(Object.getPrototypeOf(this) as object) as D;
  }

  /**
   * @internal Python's expand pattern: a new instance (constructor not run), `set` assigns its
   * expanded parameters, then the shapes are set without validation and the setting is copied.
   */
  protected _expanded(batchShape: readonly number[], set: (n: this) => void, eventShape: readonly number[] = this._eventShape): this {
    const n = this._newInstance();
    set(n);
    n._init(batchShape, eventShape, false);
    n._validateArgsOverride = this._validateArgsOverride;
    return n;
  }

  /** @internal Copies the validation setting into an expanded instance. */
  protected _copyValidate(other: Distribution): boolean | undefined {
    other._validateArgsOverride = this._validateArgsOverride;
    return this._validateArgsOverride;
  }

  /**
   * A new distribution of this type with the batch dimensions expanded to `batchShape`.
   * @example new torch.distributions.Normal(0, 1).expand([3])
   */
  expand(_batchShape: readonly number[]): Distribution {
    throw notImplemented(`${this.constructor.name}.expand`);
  }

  /** The shape over which parameters are batched. */
  get batchShape(): Size { return this._batchShape; }
  /** The shape of a single sample (without batching). */
  get eventShape(): Size { return this._eventShape; }
  /** The constraints each parameter satisfies (camelCase names). */
  get argConstraints(): Record<string, Constraint> { throw notImplemented(`${this.constructor.name}.argConstraints`); }
  /** The constraint of the support. */
  get support(): Constraint { throw notImplemented(`${this.constructor.name}.support`); }
  /** The mean. */
  get mean(): Tensor { throw notImplemented(`${this.constructor.name}.mean`); }
  /** The mode. */
  get mode(): Tensor { throw notImplemented(`${this.constructor.name} does not implement mode`); }
  /** The variance. */
  get variance(): Tensor { throw notImplemented(`${this.constructor.name}.variance`); }
  /** The standard deviation. */
  get stddev(): Tensor { return this.variance.sqrt(); }

  /**
   * A sample of shape sampleShape + batchShape + eventShape (no gradient).
   * @example new torch.distributions.Normal(0, 1).sample([2])
   */
  sample(sampleShape: readonly number[] = []): Tensor {
    return noGrad(() => this.rsample(sampleShape));
  }

  /**
   * A reparameterized sample (differentiable with respect to the parameters).
   * @example new torch.distributions.Normal(torch.zeros(2).requiresGrad_(), 1).rsample()
   */
  rsample(_sampleShape: readonly number[] = []): Tensor {
    throw notImplemented(`${this.constructor.name}.rsample`);
  }

  /** `n` samples (deprecated in Python: use sample([n])). @example d.sampleN(3) */
  sampleN(n: number): Tensor {
    return this.sample([n]);
  }

  /** The log of the probability density/mass at value. @example d.logProb(torch.tensor(0)) */
  logProb(_value: Tensor): Tensor { throw notImplemented(`${this.constructor.name}.logProb`); }
  /** The cumulative distribution function at value. @example d.cdf(torch.tensor(0)) */
  cdf(_value: Tensor): Tensor { throw notImplemented(`${this.constructor.name}.cdf`); }
  /** The inverse cdf at value. @example d.icdf(torch.tensor(0.5)) */
  icdf(_value: Tensor): Tensor { throw notImplemented(`${this.constructor.name}.icdf`); }
  /** All values of a discrete support, along dimension 0. @example new torch.distributions.Bernoulli(0.3).enumerateSupport() */
  enumerateSupport(_expand = true): Tensor { throw notImplemented(`${this.constructor.name}.enumerateSupport`); }
  /** The entropy, per batch element. @example d.entropy() */
  entropy(): Tensor { throw notImplemented(`${this.constructor.name}.entropy`); }
  /** exp(entropy). @example d.perplexity() */
  perplexity(): Tensor { return T.exp(this.entropy()); }

  /** @internal sampleShape + batchShape + eventShape. */
  _extendedShape(sampleShape: readonly number[] = []): Size {
    return new Size([...sampleShape, ...this._batchShape, ...this._eventShape]);
  }

  /** @internal Checks a value's shape and support, with Python's messages. */
  _validateSample(value: Tensor): void {
    if (!(value instanceof Tensor)) throw new TypeError('The value argument to log_prob must be a Tensor');
    const vs = value.shape;
    const es = this._eventShape;
    const eventDimStart = vs.length - es.length;
    if (!sameShape(vs.slice(Math.max(0, eventDimStart)), es) || eventDimStart < 0) {
      throw new RangeError(`The right-most size of value must match event_shape: ${String(value.size())} vs ${String(es)}.`);
    }
    const expected = [...this._batchShape, ...es];
    for (let k = 1; k <= Math.min(vs.length, expected.length); k++) {
      const i = vs[vs.length - k]!;
      const j = expected[expected.length - k]!;
      if (i !== 1 && j !== 1 && i !== j) {
        throw new RangeError(`Value is not broadcastable with batch_shape+event_shape: ${String(value.size())} vs ${String(new Size(expected))}.`);
      }
    }
    const support = this.support;
    const valid = support.check(value);
    if (!valid.all().item()) {
      throw new RangeError(
        `Expected value argument (Tensor of shape ${pyTuple(vs)}) to be within the support (${String(support)}) ` +
        `of the distribution ${this.toString()}, but found invalid values:\n${formatValue(value)}`,
      );
    }
  }

  /** Python's repr: the parameters (one-element ones as tensors, others as their size). */
  toString(): string {
    const self = this as unknown as Record<string, unknown>;
    let names: string[];
    try { names = Object.keys(this.argConstraints); } catch { names = []; }
    // Python lists the parameters held in the instance's __dict__: own fields, and lazy ones once computed.
    const held = (p: string) => Object.prototype.hasOwnProperty.call(this, p) || (this._lazyParams().includes(p) && !this._isLazyUnset(p));
    const parts = names.filter((p) => held(p) && self[p] instanceof Tensor).map((p) => {
      const v = self[p] as Tensor;
      // A 0-dim tensor formats as its item (Tensor.__format__), others by str or size.
      const s = v.numel() !== 1 ? String(v.size()) : formatValue(v);
      return `${snake(p)}: ${s}`;
    });
    return `${this.constructor.name}(${parts.join(', ')})`;
  }
}

/**
 * @internal The validateArgs of a distribution's options object, after checking that it names no
 * other key (a misspelt option is an error, not silently ignored).
 */
export function validateOption(cls: string, options: DistributionOptions): boolean | undefined {
  if (options === null || typeof options !== 'object') throw new TypeError(`${cls}: options must be an object (got ${options === null ? 'null' : typeof options})`);
  for (const key of Object.keys(options)) {
    if (key !== 'validateArgs') throw new TypeError(`${cls}: unknown option '${key}' (expected validateArgs)`);
  }
  return options.validateArgs;
}
