import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { Image, transforms } from '../../../lib/vision/index.js';
import { INPUTS, runCases, type Case, type Spec } from './_helpers.js';

const MODULE = 'vision/transforms/conversion';

const CASES: Case[] = [];
function add(name: string, transform: Spec, inputs: readonly string[] = [], seeds: number[] = [0]): void {
  if (inputs.length === 0) CASES.push({ name: `${transform.t} ${name}`, transform });
  for (const i of inputs) CASES.push({ name: `${transform.t} ${name} on ${i}`, transform, input: INPUTS[i]!, seeds });
}

add('(float32)', { t: 'ConvertImageDtype', args: [{ dtype: 'float32' }] }, ['u3', 'ub', 'f3']);
add('(uint8)', { t: 'ConvertImageDtype', args: [{ dtype: 'uint8' }] }, ['f3', 'fb', 'u1']);
add('(float64)', { t: 'ConvertImageDtype', args: [{ dtype: 'float64' }] }, ['u1']);
add('(mean, std)', { t: 'Normalize', args: [[0.485, 0.456, 0.406], [0.229, 0.224, 0.225]] }, ['f3', 'fb']);
add('(one mean, std)', { t: 'Normalize', kwargs: { mean: [0.5], std: [0.25] } }, ['f1']);
add('(numbers)', { t: 'Normalize', args: [0.5, 2] }, ['f3']);
add('()', { t: 'ToPILImage' });
add('(RGB)', { t: 'ToPILImage', args: ['RGB'] });
add('()', { t: 'PILToTensor' });
add('()', { t: 'ToTensor' });
add('of three', { t: 'Compose', args: [[{ t: 'ConvertImageDtype', args: [{ dtype: 'float32' }] }, { t: 'Normalize', args: [[0.5], [0.5]] }, { t: 'RandomInvert', args: [1] }]] }, ['u3']);
add('uint8 (error)', { t: 'Normalize', args: [[0.5], [0.5]] }, ['u3']);

describe("conversion transforms give torchvision's results and reprs", () => {
  runCases(MODULE, CASES, { image: false });
});

describe('conversion transforms between Image and Tensor', () => {
  it('ToTensor, PILToTensor and ToPILImage keep the pixels', () => {
    torch.manualSeed(0);
    const data = torch.randint(0, 256, [3, 4, 5], { dtype: 'uint8' });
    const img = new Image(data);
    expect(transforms.ToTensor()(img).tolist()).toEqual(data.float().div(255).tolist());
    expect(transforms.PILToTensor()(img).tolist()).toEqual(data.tolist());
    const back = transforms.ToPILImage()(transforms.ToTensor()(img));
    expect(back.mode).toBe('RGB');
    // float -> uint8 truncates x * 255, as numpy's astype: one off where x / 255 * 255 rounds down
    expect(back.data.tolist()).toEqual(data.float().div(255).mul(255).to('uint8').tolist());
    expect(transforms.ToPILImage('RGB')(data).data.tolist()).toEqual(data.tolist());
  });

  it('Compose runs Image pipelines (the MNIST batch path is kept for tensors)', () => {
    const t = transforms.Compose<Image, torch.Tensor>([transforms.RandomInvert(1), transforms.PILToTensor()]);
    const img = new Image(torch.full([1, 2, 2], 10, { dtype: 'uint8' }));
    expect((t(img) as torch.Tensor).tolist()).toEqual([[[245, 245], [245, 245]]]);
    expect(transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])]).batch).toBeTypeOf('function');
  });

  it('names bad arguments', () => {
    expect(() => transforms.ConvertImageDtype('int3' as never)).toThrow(/dtype must be a real image dtype/);
    expect(() => (transforms.ConvertImageDtype as unknown as () => unknown)()).toThrow(/missing required argument 'dtype'/);
    expect(() => transforms.ToPILImage(3 as never)).toThrow(/mode must be a string or null/);
    expect(() => transforms.PILToTensor()(torch.zeros([1, 1, 1]) as never)).toThrow('pic should be PIL Image. Got Tensor');
    expect(() => transforms.ToTensor()('x' as never)).toThrow(/pic should be an Image or a Tensor/);
  });
});

describe('Normalize', () => {
  it("checks std after conversion to the image's dtype, as torchvision", () => {
    const n = transforms.Normalize([0], [1e-50]);
    expect(n(torch.ones([1, 2, 2], { dtype: 'float64' })).tolist()).toEqual([[[1e50, 1e50], [1e50, 1e50]]]);
    expect(() => n(torch.ones([1, 2, 2]))).toThrow('std evaluated to zero after conversion to torch.float32, leading to division by zero.');
  });
});

describe('ToTensor of a decoded (channels-last) Image', () => {
  it('gives a contiguous C x H x W tensor, as torchvision', () => {
    const hwc = torch.randint(0, 256, [4, 5, 3], { dtype: 'uint8' });
    const img = new Image(hwc.permute(2, 0, 1));
    const x = transforms.ToTensor()(img);
    expect(x.isContiguous()).toBe(true);
    expect(x.view(-1).shape).toEqual([60]);
    expect(x.tolist()).toEqual(hwc.permute(2, 0, 1).float().div(255).tolist());
  });
});
