// torch.cuda: CUDA devices, seeds, synchronisation and caching-allocator memory statistics, as in
// PyTorch's torch.cuda. Works with any LibTorch: without CUDA (a CPU LibTorch, or no GPU/driver)
// isAvailable() is false and deviceCount() 0; manualSeed, manualSeedAll and emptyCache do nothing
// (as in PyTorch, so seeding code stays portable); every other function throws
// "torch.cuda.<fn>: CUDA is not available: ... (LibTorch built without CUDA / no GPU)".
import { native } from './binding.js';
import { describeValue } from './validate.js';
import { isDevice, type TorchDevice } from './device.js';

/** A CUDA device: an index, 'cuda' (the current device), 'cuda:N' or a torch.device of them. */
export type CudaDevice = number | 'cuda' | `cuda:${number}` | (string & {}) | TorchDevice;

/** What getDeviceProperties() reports (a subset of cudaDeviceProp). */
export interface DeviceProperties {
  /** e.g. 'NVIDIA H200'. */
  name: string;
  /** Global memory in bytes. */
  totalMemory: number;
  /** Compute capability, major part (9 for sm_90). */
  major: number;
  /** Compute capability, minor part. */
  minor: number;
  /** Streaming multiprocessors. */
  multiProcessorCount: number;
}

const cuda = native.cuda;

function deviceIndex(target: CudaDevice | undefined | null, fn: string): number | null {
  const device = isDevice(target) ? String(target) : target;
  if (device === undefined || device === null || device === 'cuda') return null;
  if (typeof device === 'number') {
    if (!Number.isInteger(device) || device < 0) throw new RangeError(`torch.cuda.${fn}(device): device must be a non-negative integer (got ${device})`);
    return device;
  }
  if (typeof device === 'string') {
    const m = /^cuda:(\d+)$/.exec(device);
    if (m) return Number(m[1]);
  }
  throw new TypeError(`torch.cuda.${fn}(device): device must be a CUDA device index, 'cuda' or 'cuda:N' (got ${typeof device === 'string' ? `'${device}'` : typeof device})`);
}

function toSeed(seed: number | bigint, fn: string): bigint {
  if (typeof seed === 'bigint') return BigInt.asUintN(64, seed);
  if (typeof seed === 'number' && Number.isInteger(seed)) return BigInt.asUintN(64, BigInt(seed));
  throw new TypeError(`torch.cuda.${fn}(seed): seed must be an integer number or bigint (got ${describeValue(seed)})`);
}

/**
 * True when the linked LibTorch has CUDA and a CUDA device is usable.
 * @example const device = torch.cuda.isAvailable() ? 'cuda' : 'cpu';
 */
export function isAvailable(): boolean {
  return cuda.isAvailable();
}

/**
 * The number of CUDA devices (0 without CUDA).
 * @example torch.cuda.deviceCount()
 */
export function deviceCount(): number {
  return cuda.deviceCount();
}

/**
 * The index of the current CUDA device.
 * @example torch.cuda.currentDevice()  // 0
 */
export function currentDevice(): number {
  return cuda.currentDevice();
}

/**
 * Makes `device` the current CUDA device ('cuda' then means it).
 * @example torch.cuda.setDevice(1)
 */
export function setDevice(device: CudaDevice): void {
  const d = deviceIndex(device, 'setDevice');
  cuda.setDevice(d ?? cuda.currentDevice());
}

/**
 * Waits for all kernels on `device` (default: the current one) to finish. Time GPU work with it.
 * @example const t0 = performance.now(); step(); torch.cuda.synchronize(); performance.now() - t0
 */
export function synchronize(device?: CudaDevice): void {
  cuda.synchronize(deviceIndex(device, 'synchronize'));
}

/**
 * Seeds the default CUDA generator of `device` (default: the current one). A no-op without CUDA.
 * torch.manualSeed() seeds every device already.
 * @example torch.cuda.manualSeed(0)
 */
export function manualSeed(seed: number | bigint, device?: CudaDevice): void {
  const s = toSeed(seed, 'manualSeed');
  const d = deviceIndex(device, 'manualSeed');
  cuda.manualSeed(s, d);
}

/**
 * Seeds the default generator of every CUDA device. A no-op without CUDA.
 * @example torch.cuda.manualSeedAll(0)
 */
export function manualSeedAll(seed: number | bigint): void {
  cuda.manualSeed(toSeed(seed, 'manualSeedAll'), -1);
}

/**
 * Bytes currently held by tensors on `device` (the caching allocator's "allocated_bytes.all.current").
 * @example const before = torch.cuda.memoryAllocated(); const y = x.relu(); torch.cuda.memoryAllocated() - before
 */
export function memoryAllocated(device?: CudaDevice): number {
  return stats(device, 'memoryAllocated')[0];
}

/**
 * The peak of memoryAllocated() since the start or the last resetPeakMemoryStats().
 * @example torch.cuda.resetPeakMemoryStats(); trainStep(); torch.cuda.maxMemoryAllocated()
 */
export function maxMemoryAllocated(device?: CudaDevice): number {
  return stats(device, 'maxMemoryAllocated')[1];
}

/**
 * Bytes reserved by the caching allocator (allocated plus cached), as torch.cuda.memory_reserved.
 * @example torch.cuda.memoryReserved()
 */
export function memoryReserved(device?: CudaDevice): number {
  return stats(device, 'memoryReserved')[2];
}

/**
 * The peak of memoryReserved().
 * @example torch.cuda.maxMemoryReserved()
 */
export function maxMemoryReserved(device?: CudaDevice): number {
  return stats(device, 'maxMemoryReserved')[3];
}

/**
 * Starts the peaks of maxMemoryAllocated()/maxMemoryReserved() again from the current values.
 * @example torch.cuda.resetPeakMemoryStats()
 */
export function resetPeakMemoryStats(device?: CudaDevice): void {
  cuda.resetPeakMemoryStats(deviceIndex(device, 'resetPeakMemoryStats'));
}

/**
 * Returns cached, unused blocks to the driver (memoryReserved() drops; memoryAllocated() does not).
 * A no-op without CUDA.
 * @example x.dispose(); torch.cuda.emptyCache();
 */
export function emptyCache(): void {
  cuda.emptyCache();
}

/**
 * The name of `device` (default: the current one), e.g. 'NVIDIA H200'.
 * @example torch.cuda.getDeviceName(0)
 */
export function getDeviceName(device?: CudaDevice): string {
  const d = deviceIndex(device, 'getDeviceName');
  return renamed('getDeviceName', 'getDeviceProperties', () => cuda.deviceProperties(d).name);
}

/**
 * Name, memory, compute capability and multiprocessor count of `device` (default: current).
 * @example const { major, minor } = torch.cuda.getDeviceProperties(0);
 */
export function getDeviceProperties(device?: CudaDevice): DeviceProperties {
  return cuda.deviceProperties(deviceIndex(device, 'getDeviceProperties'));
}

function stats(device: CudaDevice | undefined, fn: string): [number, number, number, number] {
  const d = deviceIndex(device, fn);
  return renamed(fn, 'memoryStats', () => cuda.memoryStats(d));
}

// Native errors name the native function; name the one the user called.
function renamed<T>(fn: string, nativeName: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof Error) e.message = e.message.split(`torch.cuda.${nativeName}`).join(`torch.cuda.${fn}`);
    throw e;
  }
}
