// torch.device: Python's device objects. Devices are strings throughout the API ('cpu', 'cuda:1');
// a torch.device stands for its string wherever one is taken (operators read its String(), the
// lib functions taking a device go through deviceName()), so code written with either ports as is.
// tensor.device stays a string, as the rest of the API compares it with strings.
import { native } from './binding.js';
import { describeValue } from './validate.js';

/** A device string: 'cpu', 'cuda', 'cuda:N' (and any device string LibTorch parses). */
export type DeviceName = 'cpu' | 'cuda' | `cuda:${number}` | (string & {});

/** What torch.accelerator.currentAccelerator() sees: the build's accelerator type, or null. @internal */
export function acceleratorType(): string | null {
  return native.accelerator.current();
}

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * A device, as Python's `torch.device`: a type ('cpu', 'cuda', 'mps', 'meta', ...) and an optional
 * index. Callable with or without `new`; accepted wherever a device string is, and `String(d)`
 * is that string (Python's `str(d)`).
 * @example
 * const device = torch.device(torch.cuda.isAvailable() ? 'cuda' : 'cpu');
 * const d = new torch.device('cuda', 0);  // d.type === 'cuda', d.index === 0, String(d) === 'cuda:0'
 * x.to(device); model.to(device); torch.zeros(2, { device });
 */
export class TorchDevice {
  /** The device type: 'cpu', 'cuda', 'mps', 'meta', ... @example torch.device('cuda:1').type // 'cuda' */
  readonly type: string;
  /** The device index, or null when none was given. @example torch.device('cuda:1').index // 1 */
  readonly index: number | null;

  /**
   * `torch.device('cuda:1')`, `torch.device('cuda', 1)`, `torch.device(otherDevice)`, or an
   * accelerator index (`torch.device(0)` is the current accelerator's device 0; an error without one).
   */
  constructor(device: DeviceName | TorchDevice | number, index?: number | null) {
    if (device instanceof TorchDevice) {
      if (index !== undefined && index !== null) throw new TypeError('torch.device(device, index): index is not accepted with a torch.device');
      this.type = device.type;
      this.index = device.index;
    } else if (typeof device === 'number') {
      if (!Number.isInteger(device)) throw new TypeError(`torch.device(index): index must be an integer (got ${device})`);
      if (device < 0) throw new RangeError('Device index must not be negative');
      const acc = acceleratorType();
      if (acc === null) throw new Error('Cannot access accelerator device when none is available.');
      this.type = acc;
      this.index = device;
    } else if (typeof device === 'string') {
      if (index !== undefined && index !== null && !Number.isInteger(index)) {
        throw new TypeError(`torch.device(type, index): index must be an integer (got ${describeValue(index)})`);
      }
      const [type, i] = index === undefined || index === null ? native.parseDevice(device) : native.parseDevice(device, index);
      this.type = type;
      this.index = i;
    } else {
      throw new TypeError(`torch.device(): expected a device string, a torch.device or an index (got ${describeValue(device)})`);
    }
    Object.freeze(this);
  }

  /** Python's `str(device)`: 'cpu', 'cuda:0'. @example String(torch.device('cuda', 0)) // 'cuda:0' */
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }

  [Symbol.toPrimitive](): string {
    return this.toString();
  }

  /**
   * Python's `==` of devices: the same type and index. Strings are read as devices too
   * (`torch.device('cuda:0').equals('cuda:0')`), where Python's `device == str` is False.
   * @example torch.device('cuda', 0).equals(torch.device('cuda:0')) // true
   */
  equals(other: TorchDevice | DeviceName): boolean {
    const o = typeof other === 'string' ? new TorchDevice(other) : other;
    return o instanceof TorchDevice && o.type === this.type && o.index === this.index;
  }

  /** Python's `repr(device)`: `device(type='cuda', index=0)`. @example torch.device('cpu').repr() */
  repr(): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }

  [inspectSymbol](): string {
    return this.repr();
  }
}

/** torch.device's constructor, callable with or without `new`. */
export interface DeviceConstructor {
  new (device: DeviceName | TorchDevice | number, index?: number | null): TorchDevice;
  (device: DeviceName | TorchDevice | number, index?: number | null): TorchDevice;
  readonly prototype: TorchDevice;
}

/** A torch.device object (Python's `torch.device`). */
export type device = TorchDevice;
/**
 * torch.device: `torch.device('cuda')`, `new torch.device('cuda', 0)` (see the class above).
 * @example const device = torch.device(torch.cuda.isAvailable() ? 'cuda' : 'cpu');
 */
export const device: DeviceConstructor = new Proxy(TorchDevice, {
  apply(target, _this, args: ConstructorParameters<typeof TorchDevice>) {
    return new target(...args);
  },
}) as unknown as DeviceConstructor;

/** A device string or a torch.device. */
export type Device = DeviceName | TorchDevice;

/** The string of a device (a torch.device's String(); strings as they are). @internal */
export function deviceName(d: Device): DeviceName;
export function deviceName(d: Device | undefined): DeviceName | undefined;
export function deviceName(d: Device | null | undefined): DeviceName | null | undefined;
export function deviceName(d: Device | null | undefined): DeviceName | null | undefined {
  return d instanceof TorchDevice ? d.toString() : d;
}

/** Whether v is a torch.device object. @internal */
export function isDevice(v: unknown): v is TorchDevice {
  return v instanceof TorchDevice;
}
