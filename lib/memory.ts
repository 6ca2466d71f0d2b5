// torch.memory(): live tensors and their bytes, per device.
import { native } from './binding.js';

export interface MemoryInfo {
  /** Tensors alive (created and not yet disposed or collected), all devices. */
  numTensors: number;
  /** Bytes of their storages (each storage counted once), all devices. */
  numBytes: number;
  /** The same, per device ('cpu', 'cuda:0', ...). */
  devices: Record<string, { numTensors: number; numBytes: number }>;
}

/**
 * Live tensor count and bytes per device, like tfjs's memory().
 * @example const before = torch.memory().numTensors; step(); torch.memory().numTensors - before
 */
export function memory(): MemoryInfo {
  const info: MemoryInfo = { numTensors: 0, numBytes: 0, devices: {} };
  for (const row of native.memory()) {
    info.numTensors += row.tensors;
    info.numBytes += row.bytes;
    info.devices[row.device] = { numTensors: row.tensors, numBytes: row.bytes };
  }
  return info;
}
