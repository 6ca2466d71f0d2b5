// torch.memory(): live tensors and their bytes, per device.
//
// How tensors are freed (native/gc_pressure.h): a tensor's memory is released when its Tensor
// object is garbage collected, inside V8's collection itself (small tensors a young-generation
// collection finds dead: one per new tensor just after), so a synchronous loop that never yields
// still frees its temporaries; tensor bytes are reported to V8 as external memory, and tensors
// made since the last collection trigger a young-generation one, so that native allocations make
// V8 collect sooner. dispose(), `using` and torch.tidy() free deterministically, before any
// collection.
import { native } from './binding.js';

export interface MemoryInfo {
  /** Tensors alive (created and not yet disposed or collected), all devices. */
  numTensors: number;
  /** Bytes of their storages (each storage counted once), all devices. */
  numBytes: number;
  /** The same, per device ('cpu', 'cuda:0', ...). */
  devices: Record<string, { numTensors: number; numBytes: number }>;
}

export interface MemoryOptions {
  /**
   * Run a full garbage collection first, so that only tensors still reachable from JS are
   * counted (slow: milliseconds; for tests and leak hunting, not for training loops).
   */
  collect?: boolean;
}

/**
 * Live tensor count and bytes per device, like tfjs's memory(). Without `collect`, tensors that
 * are unreachable but not yet collected are counted too.
 * @example const before = torch.memory({ collect: true }).numTensors; step(); torch.memory({ collect: true }).numTensors - before
 */
export function memory(options: MemoryOptions = {}): MemoryInfo {
  if (options.collect === true) native.collectGarbage();
  const info: MemoryInfo = { numTensors: 0, numBytes: 0, devices: {} };
  for (const row of native.memory()) {
    info.numTensors += row.tensors;
    info.numBytes += row.bytes;
    info.devices[row.device] = { numTensors: row.tensors, numBytes: row.bytes };
  }
  return info;
}
