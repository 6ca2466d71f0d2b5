// torch.setDefaultDevice / torch.getDefaultDevice, as PyTorch's torch.set_default_device: factory
// functions (zeros, ones, empty, full, rand, randn, randint, randperm, arange, linspace, eye, ...,
// and torch.tensor) called without a device create their tensor on the default device. Functions
// of existing tensors (zerosLike, x.newZeros, ops) follow their inputs, as in PyTorch;
// fromTypedArray/fromBuffer share JS memory and so stay on the CPU.
//
// How: lib/dispatch.ts's callOp checks one variable per call; when a default device is set, an
// operator family is classed once as a factory (lib/generated/factories.ts, by the rule codegen/
// also types requiresGrad with) and its calls without a device or tensor arguments get `device`
// (with out= too, as in PyTorch, where it must then match out's device type).
import { setDefaultDeviceHook } from './dispatch.js';
import { type Device } from './dtype.js';
import { deviceName } from './device.js';
import { describeValue } from './validate.js';
import { factoryOperators } from './generated/factories.js';

let current: string | null = null;

function isFactory(name: string): boolean {
  const bare = name.startsWith('aten::') ? name.slice(6) : name;
  return !bare.includes('::') && factoryOperators.has(bare);
}

/**
 * Sets the device that factory functions use when no device is given, like PyTorch's
 * torch.set_default_device. `null` or 'cpu' restores the default (CPU).
 * @example
 * torch.setDefaultDevice('cuda');
 * torch.zeros(2, 3).device;     // 'cuda:0'
 * new nn.Linear(4, 2);          // parameters on the GPU
 * torch.setDefaultDevice(null);
 */
export function setDefaultDevice(target: Device | null): void {
  const device = deviceName(target);
  if (device !== null && typeof device !== 'string') {
    throw new TypeError(`setDefaultDevice(device): device must be a string such as 'cpu', 'cuda' or 'cuda:1', or null (got ${describeValue(device)})`);
  }
  if (device === null || device === 'cpu') {
    current = null;
  } else {
    // Validate now (a bad name fails here, not in the next factory call).
    if (!/^(cuda|meta|cpu|mps|xpu|privateuseone)(:\d+)?$/.test(device)) {
      throw new TypeError(`setDefaultDevice(device): unknown device '${device}' (expected 'cpu', 'cuda', 'cuda:N' or 'meta')`);
    }
    current = device;
  }
  setDefaultDeviceHook(current, isFactory);
}

/**
 * The device factory functions use when none is given: 'cpu' unless setDefaultDevice() chose
 * another.
 * @example torch.getDefaultDevice()  // 'cpu'
 */
export function getDefaultDevice(): Device {
  return current ?? 'cpu';
}

/** @internal torch.tensor()'s device when options give none: undefined for the CPU. */
export function defaultDeviceOrUndefined(): string | undefined {
  return current ?? undefined;
}
