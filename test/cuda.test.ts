// torch.cuda and torch.setDefaultDevice. Without CUDA (CI) the documented errors and no-ops are
// checked; the "on a CUDA device" suite runs only where torch.cuda.isAvailable() (the GPU machine,
// scripts/gpu/check.sh).
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { BReLU } from '../examples/article_models.js';

const MiB = 1024 * 1024;
const hasCuda = torch.cuda.isAvailable();
// TORCH_NODE_TEST_DEVICE (test/setup-device.ts) may have set one; tests restore it.
const initialDevice = torch.getDefaultDevice();
const restoreDevice = () => torch.setDefaultDevice(initialDevice);

describe('torch.cuda without CUDA', () => {
  const gpuFunctions: [string, () => unknown][] = [
    ['currentDevice', () => torch.cuda.currentDevice()],
    ['setDevice', () => torch.cuda.setDevice(0)],
    ['synchronize', () => torch.cuda.synchronize()],
    ['memoryAllocated', () => torch.cuda.memoryAllocated()],
    ['maxMemoryAllocated', () => torch.cuda.maxMemoryAllocated()],
    ['memoryReserved', () => torch.cuda.memoryReserved()],
    ['maxMemoryReserved', () => torch.cuda.maxMemoryReserved()],
    ['resetPeakMemoryStats', () => torch.cuda.resetPeakMemoryStats()],
    ['getDeviceName', () => torch.cuda.getDeviceName()],
    ['getDeviceProperties', () => torch.cuda.getDeviceProperties(0)],
  ];

  it.runIf(!hasCuda)('reports no CUDA', () => {
    expect(torch.cuda.isAvailable()).toBe(false);
    expect(torch.cuda.deviceCount()).toBe(0);
  });

  it.runIf(!hasCuda).each(gpuFunctions)('%s throws a clear error naming itself', (name, fn) => {
    expect(fn).toThrow(new RegExp(`^torch\\.cuda\\.${name}: CUDA is not available: the linked LibTorch \\S+ (was built without CUDA|has CUDA, but no CUDA device or driver was found)$`));
  });

  it.runIf(!hasCuda)('seeding and emptyCache are no-ops, as in PyTorch', () => {
    expect(() => torch.cuda.manualSeed(0)).not.toThrow();
    expect(() => torch.cuda.manualSeedAll(0n)).not.toThrow();
    expect(() => torch.cuda.emptyCache()).not.toThrow();
  });

  it.runIf(!hasCuda)("x.to('cuda') and x.cuda() give PyTorch's error", () => {
    const x = torch.ones(2);
    expect(() => x.to('cuda')).toThrow(/not linked with support for cuda devices|CUDA/);
    expect(() => x.cuda()).toThrow(/not linked with support for cuda devices|CUDA/);
  });

  it.runIf(!hasCuda)('a CUDA factory call says CUDA is missing first, as Python does', () => {
    expect(() => torch.zeros(2, { device: 'cuda' })).toThrow(/^(Torch not compiled with CUDA enabled|CUDA is not available)/);
  });

  it('checks its arguments before anything else', () => {
    expect(() => torch.cuda.setDevice(-1)).toThrow(RangeError);
    expect(() => torch.cuda.setDevice(1.5)).toThrow(/device must be a non-negative integer/);
    expect(() => torch.cuda.synchronize('cpu')).toThrow(TypeError);
    expect(() => torch.cuda.synchronize(torch.device('cpu'))).toThrow(TypeError);
    // A torch.device stands for its string.
    const message = (fn: () => unknown): string => { try { fn(); return ''; } catch (e) { return (e as Error).message; } };
    expect(message(() => torch.cuda.memoryAllocated(torch.device('cuda', 0)))).toBe(message(() => torch.cuda.memoryAllocated('cuda:0')));
    expect(() => torch.cuda.memoryAllocated('cuda:x')).toThrow(/'cuda', or 'cuda:N'|'cuda' or 'cuda:N'/);
    expect(() => torch.cuda.manualSeed(0.5)).toThrow(/seed must be an integer/);
  });
});

describe('torch.setDefaultDevice', () => {
  afterEach(restoreDevice);

  it.runIf(initialDevice === 'cpu')("defaults to 'cpu'", () => {
    expect(torch.getDefaultDevice()).toBe('cpu');
    expect(torch.zeros(2).device).toBe('cpu');
  });

  it('puts factory results on the default device (meta here: no GPU needed)', () => {
    torch.setDefaultDevice('meta');
    expect(torch.getDefaultDevice()).toBe('meta');
    expect(torch.zeros(2, 3).device).toBe('meta');
    expect(torch.ones([4]).device).toBe('meta');
    expect(torch.empty(3).device).toBe('meta');
    expect(torch.full([2], 7).device).toBe('meta');
    expect(torch.arange(5).device).toBe('meta');
    expect(torch.randn(2, 2).device).toBe('meta');
    expect(torch.rand(3, { dtype: 'float64' }).device).toBe('meta');
    expect(torch.eye(3).device).toBe('meta');
    expect(torch.linspace(0, 1, 5).device).toBe('meta');
    expect(torch.tensor([1, 2, 3]).device).toBe('meta');
    expect(torch.zeros(2, { requiresGrad: true }).device).toBe('meta');
  });

  it('leaves explicit devices, tensor inputs and *_like/new_* functions alone', () => {
    const cpu = torch.ones(3, { device: 'cpu' });
    torch.setDefaultDevice('meta');
    expect(torch.zeros(2, { device: 'cpu' }).device).toBe('cpu');
    expect(torch.tensor([1], { device: 'cpu' }).device).toBe('cpu');
    expect(torch.zerosLike(cpu).device).toBe('cpu');
    expect(cpu.newZeros([2]).device).toBe('cpu');
    expect(cpu.add(1).device).toBe('cpu');
    expect(torch.normal(cpu, cpu).device).toBe('cpu');
    // out= gets the default device too, as in PyTorch, and must then match it.
    const out = torch.empty(2, { device: 'cpu' });
    expect(() => torch.zeros([2], { out })).toThrow('device type meta does not match device type of out parameter (cpu)');
    expect(torch.zeros([2], { out, device: 'cpu' })).toBe(out);
  });

  it("null and 'cpu' restore the default (the CPU)", () => {
    torch.setDefaultDevice('meta');
    torch.setDefaultDevice('cpu');
    expect(torch.getDefaultDevice()).toBe('cpu');
    expect(torch.zeros(1).device).toBe('cpu');
  });

  it('rejects bad devices by name', () => {
    expect(() => torch.setDefaultDevice('gpu')).toThrow(/setDefaultDevice\(device\): unknown device 'gpu'/);
    expect(() => torch.setDefaultDevice(3 as unknown as string)).toThrow(TypeError);
    expect(torch.getDefaultDevice()).toBe(initialDevice);
  });
});

describe.runIf(hasCuda)('torch.cuda on a CUDA device', () => {
  afterEach(restoreDevice);

  it('describes the device', () => {
    expect(torch.cuda.deviceCount()).toBeGreaterThan(0);
    expect(torch.cuda.currentDevice()).toBe(0);
    const p = torch.cuda.getDeviceProperties(0);
    expect(p.name).toBe(torch.cuda.getDeviceName());
    expect(p.name.length).toBeGreaterThan(0);
    expect(p.totalMemory).toBeGreaterThan(1024 * MiB);
    expect(p.major).toBeGreaterThanOrEqual(5);
    expect(p.multiProcessorCount).toBeGreaterThan(0);
    torch.cuda.setDevice(0);
    torch.cuda.setDevice('cuda:0');
    expect(() => torch.cuda.setDevice(torch.cuda.deviceCount())).toThrow(RangeError);
  });

  it('moves tensors both ways', () => {
    const x = torch.arange(6, { dtype: 'float32' }).view(2, 3);
    const g = x.to('cuda');
    expect(g.device).toBe('cuda:0');
    expect(g.isCuda).toBe(true);
    expect(x.cuda().device).toBe('cuda:0');
    // Already on the current device: the tensor itself, as Python's x.to('cuda').
    expect(g.to('cuda')).toBe(g);
    expect(g.cuda()).toBe(g);
    expect(g.mul(2).cpu().tolist()).toEqual([[0, 2, 4], [6, 8, 10]]);
    expect(Array.from(g.dataSync() as Float32Array)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(g.sum().item()).toBe(15);
    torch.cuda.synchronize();
  });

  it.runIf(torch.cuda.deviceCount() >= 2)("x.to('cuda') and x.cuda() go to the current device (cuda.setDevice)", () => {
    const g0 = torch.ones(2).to('cuda:0');
    torch.cuda.setDevice(1);
    try {
      expect(g0.to('cuda').device).toBe('cuda:1');
      expect(g0.cuda().device).toBe('cuda:1');
      expect(torch.ones(2).cuda().device).toBe('cuda:1');
    } finally {
      torch.cuda.setDevice(0);
    }
  });

  it('seeds the CUDA generators', () => {
    torch.cuda.manualSeed(123);
    const a = torch.randn(5, { device: 'cuda' }).cpu().tolist();
    torch.cuda.manualSeedAll(123);
    const b = torch.randn(5, { device: 'cuda' }).cpu().tolist();
    torch.manualSeed(123);
    const c = torch.randn(5, { device: 'cuda' }).cpu().tolist();
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('counts allocator memory: relu allocates a new ~381 MiB tensor, relu_ nothing', () => {
    torch.cuda.synchronize();
    const x = torch.randn(10000, 10000, { device: 'cuda' });
    const base = torch.cuda.memoryAllocated();
    torch.cuda.resetPeakMemoryStats();
    const y = torch.relu(x);
    torch.cuda.synchronize();
    const outOfPlace = torch.cuda.memoryAllocated() - base;
    const outOfPlacePeak = torch.cuda.maxMemoryAllocated() - base;
    y.dispose();
    torch.cuda.resetPeakMemoryStats();
    const base2 = torch.cuda.memoryAllocated();
    torch.relu_(x);
    torch.cuda.synchronize();
    const inPlace = torch.cuda.memoryAllocated() - base2;
    const inPlacePeak = torch.cuda.maxMemoryAllocated() - base2;
    // The caching allocator rounds large blocks up to 2 MiB: 400,000,000 bytes count as 382 MiB.
    expect(outOfPlace).toBeGreaterThanOrEqual(10000 * 10000 * 4);
    expect(outOfPlace).toBeLessThan(10000 * 10000 * 4 + 2 * MiB);
    expect(outOfPlacePeak).toBe(outOfPlace);
    expect(inPlace).toBe(0);
    expect(inPlacePeak).toBe(0);
    expect(torch.cuda.memoryReserved()).toBeGreaterThanOrEqual(torch.cuda.memoryAllocated());
    x.dispose();
    torch.cuda.emptyCache();
    expect(torch.cuda.memoryReserved()).toBeLessThan(400 * MiB);
  });

  it('runs backward on CUDA tensors', () => {
    const w = torch.randn(3, 4, { device: 'cuda', requiresGrad: true });
    const loss = w.mul(w).sum();
    loss.backward();
    expect(w.grad!.device).toBe('cuda:0');
    expect(w.grad!.sub(w.mul(2)).abs().max().item()).toBeLessThan(1e-6);
  });

  it("runs a JS backward on the CUDA device thread (the article's BReLU)", () => {
    torch.manualSeed(0);
    const xCpu = torch.randn(6, 5);
    const grads: number[][][] = [];
    for (const device of ['cpu', 'cuda']) {
      // The article's BReLU makes its index tensors on the default device: the input's, here.
      torch.setDefaultDevice(device);
      const x = xCpu.to(device).detach().requiresGrad_(true);
      const y = BReLU.apply(x);
      y.mul(torch.arange(30, { dtype: 'float32', device }).view(6, 5)).sum().backward();
      expect(x.grad!.device).toBe(device === 'cpu' ? 'cpu' : 'cuda:0');
      grads.push(x.grad!.cpu().tolist() as number[][]);
    }
    expect(grads[1]).toEqual(grads[0]);
  });

  it('setDefaultDevice("cuda") creates factories on the GPU', () => {
    torch.setDefaultDevice('cuda');
    expect(torch.zeros(2).device).toBe('cuda:0');
    expect(torch.tensor([1, 2]).device).toBe('cuda:0');
    expect(torch.randn(2, 2).device).toBe('cuda:0');
  });
});
