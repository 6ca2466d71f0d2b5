// nn.utils.parametersToVector / vectorToParameters, as torch/nn/utils/convert_parameters.py.
import { Tensor } from '../../tensor.js';
import { cat } from '../../generated/functions.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { argTypeError } from '../../validate.js';
import { toList } from './clip_grad.js';

// PyTorch's _check_param_device: every parameter on one device.
function checkDevices(params: Tensor[]): void {
  const first = params[0];
  if (first === undefined) return;
  for (const p of params) {
    if (String(p.device) !== String(first.device)) throw new TypeError('Found two parameters on different devices, this is currently not supported.');
  }
}

/**
 * The parameters flattened into one vector.
 * @example const v = nn.utils.parametersToVector(model.parameters());
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const list = toList('parametersToVector()', parameters);
  checkDevices(list);
  return cat(list.map((p) => p.view(-1)));
}

/**
 * Copies the slices of a vector into the parameters' data (the inverse of parametersToVector).
 * @example nn.utils.vectorToParameters(v, model.parameters());
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw argTypeError('vectorToParameters()', 'vec', 'a Tensor', vec);
  const list = toList('vectorToParameters()', parameters);
  checkDevices(list);
  let pointer = 0;
  for (const p of list) {
    const n = p.numel();
    p.data = noGrad(() => vec.narrow(0, pointer, n).viewAs(p).detach());
    pointer += n;
  }
}
