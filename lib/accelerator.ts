// torch.accelerator: the build's accelerator (CUDA, MPS, ...), as PyTorch's torch.accelerator. On a
// build without one, currentAccelerator() is null, isAvailable() false and deviceCount() 0, and the
// functions needing a device raise PyTorch's "Cannot access accelerator device when none is
// available." (native/backends.cpp calls LibTorch's ATen/DeviceAccelerator.h).
import { native } from './binding.js';
import { device, isDevice, type Device } from './device.js';
import { describeValue } from './validate.js';

/**
 * The accelerator the linked LibTorch was built with, as a torch.device without an index, or null
 * (`checkAvailable`: also null when no device of it is usable now).
 * @example const dev = torch.accelerator.currentAccelerator()?.type ?? 'cpu';
 */
export function currentAccelerator(checkAvailable = false): device | null {
  const type = native.accelerator.current();
  if (type === null) return null;
  if (checkAvailable && !isAvailable()) return null;
  return device(type);
}

/**
 * True when the build has an accelerator and at least one of its devices is visible.
 * @example const dev = torch.accelerator.isAvailable() ? torch.accelerator.currentAccelerator()!.type : 'cpu';
 */
export function isAvailable(): boolean {
  return native.accelerator.current() !== null && native.accelerator.deviceCount() > 0;
}

/** The number of accelerator devices (0 without one). @example torch.accelerator.deviceCount() */
export function deviceCount(): number {
  return native.accelerator.current() === null ? 0 : native.accelerator.deviceCount();
}

/**
 * The index of the current accelerator device (PyTorch's error without an accelerator).
 * @example torch.accelerator.currentDeviceIndex()
 */
export function currentDeviceIndex(): number {
  return native.accelerator.getDeviceIndex();
}

// Python's torch.accelerator._utils._get_device_index.
function deviceIndexOf(d: Device | number | null | undefined, optional: boolean, where: string): number {
  if (typeof d === 'number') {
    if (!Number.isInteger(d)) throw new TypeError(`${where}: device must be an integer, a device string or a torch.device (got ${d})`);
    return d;
  }
  let index: number | null = null;
  if (typeof d === 'string' || isDevice(d)) {
    const dev = device(d);
    const acc = currentAccelerator();
    if (acc === null) throw new Error('Accelerator expected');
    if (acc.type !== dev.type) throw new Error(`${dev.type} doesn't match the current accelerator ${String(acc)}.`);
    index = dev.index;
  } else if (d !== undefined && d !== null) {
    throw new TypeError(`${where}: device must be an integer, a device string or a torch.device (got ${describeValue(d)})`);
  }
  if (index === null) {
    if (!optional) throw new Error(`Expected a torch.device with a specified index or an integer, but got:${String(d)}`);
    return currentDeviceIndex();
  }
  return index;
}

/**
 * Makes `device` (an index, 'cuda:1', a torch.device) the current accelerator device; a negative
 * index does nothing, as in PyTorch.
 * @example torch.accelerator.setDeviceIndex(0)
 */
export function setDeviceIndex(device: Device | number): void {
  const index = deviceIndexOf(device, false, 'torch.accelerator.setDeviceIndex(device)');
  if (index < 0) return;
  native.accelerator.setDeviceIndex(index);
}

/**
 * Waits for every kernel on the device (the current one by default) to complete.
 * @example torch.accelerator.synchronize()
 */
export function synchronize(device?: Device | number | null): void {
  const index = deviceIndexOf(device, true, 'torch.accelerator.synchronize(device)');
  if (index < 0) return;
  native.accelerator.synchronize(index);
}
