// nn.Parameter: a Tensor subclass that modules register as a trainable parameter.
import { inspect } from 'node:util';
import { Tensor } from '../tensor.js';
import { describeValue } from '../validate.js';
import { empty } from '../generated/functions.js';
import { escapeScopes } from '../scope.js';

/**
 * A tensor that is a module parameter: assigning one to a module property registers it, so it
 * shows in `parameters()`, `namedParameters()` and `stateDict()`. Built from a tensor, it shares
 * that tensor's data (like PyTorch's `Parameter(data)`, a detached alias) and requires grad
 * unless `requiresGrad` is false.
 * @example
 * class Scale extends nn.Module {
 *   alpha = new nn.Parameter(torch.tensor(1.0));
 *   forward(x: Tensor): Tensor { return x.mul(this.alpha); }
 * }
 * new nn.Parameter(torch.zeros(3), false).requiresGrad // false
 */
export class Parameter extends Tensor {
  constructor(data?: Tensor | null, requiresGrad: boolean | { requiresGrad?: boolean } = true) {
    let flag: unknown = requiresGrad;
    if (requiresGrad !== null && typeof requiresGrad === 'object') flag = requiresGrad.requiresGrad ?? true;
    if (typeof flag !== 'boolean') throw new TypeError(`Parameter(): requiresGrad must be a boolean (got ${describeValue(flag)})`);
    if (data !== undefined && data !== null && !(data instanceof Tensor)) {
      throw new TypeError(`Parameter(): data must be a Tensor (got ${describeValue(data)})`);
    }
    const source = data ?? empty(0);
    const detached = source.detach();
    super(detached);
    // The parameter is a new object sharing detached's tensor: the two temporaries can go now.
    detached.dispose();
    if (data === undefined || data === null) source.dispose();
    this.requiresGrad_(flag);
    // Parameters are long-lived module state: a torch.tidy() around model construction must not free them.
    escapeScopes(this);
  }

  /** `Parameter containing:\ntensor([...], requires_grad=True)`, as PyTorch prints it. */
  override toString(): string {
    return `Parameter containing:\n${Tensor.prototype.toString.call(this)}`;
  }

  /** Node's console.log. */
  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * True for values that are an `nn.Parameter`.
 * @example nn.isParameter(model.fc1.weight) // true
 */
export function isParameter(v: unknown): v is Parameter {
  return v instanceof Parameter;
}
