import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { load, save } from '../../../lib/serialization/index.js';
import { Image } from '../../../lib/vision/image.js';
import { models, transforms } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { describeEnum, tempFolder, type PyEnum } from './_helpers.js';

const ENUMS = [
  'ResNet18_Weights', 'ResNet34_Weights', 'ResNet50_Weights', 'ResNet101_Weights', 'ResNet152_Weights', 'ResNeXt50_32X4D_Weights',
  'ResNeXt101_32X8D_Weights', 'ResNeXt101_64X4D_Weights', 'Wide_ResNet50_2_Weights', 'Wide_ResNet101_2_Weights',
  'VGG11_Weights', 'VGG11_BN_Weights', 'VGG13_Weights', 'VGG13_BN_Weights', 'VGG16_Weights', 'VGG16_BN_Weights', 'VGG19_Weights', 'VGG19_BN_Weights',
  'AlexNet_Weights', 'SqueezeNet1_0_Weights', 'SqueezeNet1_1_Weights', 'DenseNet121_Weights', 'DenseNet161_Weights', 'DenseNet169_Weights', 'DenseNet201_Weights',
  'GoogLeNet_Weights', 'Inception_V3_Weights',
] as const;
const OURS = ['resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnext50_32x4d', 'resnext101_32x8d', 'resnext101_64x4d',
  'wide_resnet50_2', 'wide_resnet101_2', 'vgg11', 'vgg11_bn', 'vgg13', 'vgg13_bn', 'vgg16', 'vgg16_bn', 'vgg19', 'vgg19_bn', 'alexnet',
  'squeezenet1_0', 'squeezenet1_1', 'densenet121', 'densenet161', 'densenet169', 'densenet201', 'googlenet', 'inception_v3'];
const folder = tempFolder();
const PRESETS = [
  { name: 'u8', kwargs: { crop_size: 224 }, shape: [3, 300, 400], dtype: 'uint8', seed: 0 },
  { name: 'f32', kwargs: { crop_size: 224, resize_size: 232 }, shape: [3, 250, 240], dtype: 'float32', seed: 1 },
  { name: 'batch', kwargs: { crop_size: 64, resize_size: 72, interpolation: 'bicubic', mean: [0.5, 0.4, 0.3], std: [0.2, 0.25, 0.3] }, shape: [2, 3, 90, 80], dtype: 'uint8', seed: 2 },
  { name: 'pad', kwargs: { crop_size: 48, resize_size: 32 }, shape: [3, 40, 30], dtype: 'float32', seed: 3 },
];
type PresetOut = { path: string; repr: string; describe: string };
const DIVISIBLE: [number, number, number | null][] = [[32 * 0.75, 8, null], [16 * 1.1, 8, null], [3.2, 8, 16], [100, 8, null], [36, 16, null]];

const py = oracleBatch<{
  enums: Record<string, PyEnum>; registry: Record<string, unknown>; presets: PresetOut[];
  layers: { children: string[]; out: [string, number[], number][] }; divisible: number[];
}>({
  enums: ['vision/models/api', 'weights_enums', ENUMS],
  registry: ['vision/models/api', 'registry'],
  presets: ['vision/models/api', 'preset_many', PRESETS, folder],
  layers: ['vision/models/api', 'intermediate_layers', 5],
  divisible: ['vision/models/api', 'make_divisible', DIVISIBLE],
});
// Python's side runs once, before the tests (the heavier families take tens of seconds on a busy machine).
beforeAll(() => { py(); }, 300_000);

const savedTorchHome = process.env.TORCH_HOME;
afterEach(() => {
  if (savedTorchHome === undefined) delete process.env.TORCH_HOME; else process.env.TORCH_HOME = savedTorchHome;
  vi.restoreAllMocks();
});

describe('models: weights enums', () => {
  it("every enum's members, URLs, metadata, presets and DEFAULT are torchvision's", () => {
    const want = py().enums;
    for (const name of ENUMS) expect(describeEnum(models[name]), name).toEqual(want[name]);
  });

  it('members are named, iterable without aliases, and verified as torchvision verifies them', () => {
    const E = models.ResNet50_Weights;
    expect(String(E.DEFAULT)).toBe('ResNet50_Weights.IMAGENET1K_V2');
    expect([...E].map(String)).toEqual(['ResNet50_Weights.IMAGENET1K_V1', 'ResNet50_Weights.IMAGENET1K_V2']);
    expect(E.keys()).toEqual(['IMAGENET1K_V1', 'IMAGENET1K_V2']);
    expect(E.verify('IMAGENET1K_V1')).toBe(E.IMAGENET1K_V1);
    expect(E.verify('ResNet50_Weights.DEFAULT')).toBe(E.IMAGENET1K_V2);
    expect(E.verify(null)).toBeNull();
    expect(() => E.verify(models.ResNet18_Weights.DEFAULT)).toThrow(new TypeError('Invalid Weight class provided; expected ResNet50_Weights but received ResNet18_Weights.'));
    expect(() => E.verify('IMAGENET1K_V9')).toThrow("'IMAGENET1K_V9' is not a member of ResNet50_Weights");
    const w = models.ResNet18_Weights.IMAGENET1K_V1;
    expect([w.fileName, w.hashPrefix]).toEqual(['resnet18-f37072fd.pth', 'f37072fd']);
    expect(models.AlexNet_Weights.DEFAULT.hashPrefix).toBe('7be5be79');
  });

  it('the registry lists, finds and builds as torchvision.models does', () => {
    const want = py().registry;
    const all = models.listModels();
    expect(OURS.filter((n) => !all.includes(n))).toEqual([]);
    expect(all.filter((n) => !(want.all as string[]).includes(n))).toEqual([]);
    expect(models.listModels({ module: models })).toEqual(all);
    expect(models.listModels({ include: 'resnet*' })).toEqual(want.resnet);
    expect(models.listModels({ module: models, include: ['vgg1?', 'squeezenet*'], exclude: '*_bn' })).toEqual(want.union);
    expect(models.listModels({ module: models, include: '[ad]*', exclude: ['densenet1[6-9]*'] })).toEqual(want.classes);
    expect(String(models.getWeight('ResNet50_Weights.IMAGENET1K_V2'))).toBe(want.weight);
    expect(models.getWeight('ResNet50_Weights.IMAGENET1K_V2').meta.numParams).toBe(want.numParams);
    expect(models.getModelWeights('wide_resnet50_2').name).toBe(want.enumOf);
    expect(models.getModelWeights(models.wideResnet50_2)).toBe(models.Wide_ResNet50_2_Weights);
    expect(models.getModelBuilder('wide_resnet50_2')).toBe(models.wideResnet50_2);
    expect(models.getModelBuilder('wideResnet50_2')).toBe(models.wideResnet50_2);
    expect(models.getModelBuilder('inception_v3')).toBe(models.inceptionV3);
    expect(models.getModel('squeezenet1_1', { numClasses: 7 })).toBeInstanceOf(models.SqueezeNet);
    expect(() => models.getModel('nonet')).toThrow('Unknown model nonet');
    expect(() => models.getWeight('ResNet50_Weights')).toThrow("Invalid weight name provided: 'ResNet50_Weights'.");
    expect(() => models.getWeight('NoNet_Weights.X')).toThrow("The weight enum 'NoNet_Weights' for the specific method couldn't be retrieved.");
    expect(() => models.resnet18({ numClass: 3 } as never)).toThrow("resnet18() got an unexpected keyword argument 'numClass'");
  });
});

describe('models: loading weights files (no downloads)', () => {
  it('a missing file is an error naming where it is expected and where to fetch it from', () => {
    process.env.TORCH_HOME = join(folder, 'empty-home');
    const expected = join(folder, 'empty-home', 'hub', 'checkpoints', 'resnet18-f37072fd.pth');
    expect(models.ResNet18_Weights.DEFAULT.path()).toBe(expected);
    expect(() => models.resnet18({ weights: models.ResNet18_Weights.DEFAULT })).toThrow(
      `ResNet18_Weights.IMAGENET1K_V1: the weights file ${expected} does not exist. torch-node does not download; `
      + 'fetch https://download.pytorch.org/models/resnet18-f37072fd.pth and save it there (or pass the folder holding it as modelDir, or set TORCH_HOME).');
  });

  it("the builders check the file's sha256 against its name, and numClasses against the weights", () => {
    const dir = join(folder, 'wrong-hash');
    mkdirSync(dir, { recursive: true });
    save(models.resnet18().stateDict(), join(dir, 'resnet18-f37072fd.pth'));
    const digest = createHash('sha256').update(readFileSync(join(dir, 'resnet18-f37072fd.pth'))).digest('hex');
    expect(() => models.resnet18({ weights: 'DEFAULT', modelDir: dir })).toThrow(`invalid hash value (expected "f37072fd", got "${digest}")`);
    expect(() => models.resnet18({ weights: 'DEFAULT', numClasses: 10, modelDir: dir })).toThrow("The parameter 'numClasses' expected value 1000 but got 10 instead.");
    // Without the check, the file's state dict loads into a fresh model.
    const sd = models.ResNet18_Weights.DEFAULT.getStateDict({ modelDir: dir, checkHash: false });
    expect(models.resnet18().loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });

  it('a file whose sha256 matches its name loads (a weights enum of its own)', () => {
    const dir = join(folder, 'good-hash');
    mkdirSync(dir, { recursive: true });
    torch.manualSeed(3);
    const net = models.squeezenet1_1({ numClasses: 4 });
    save(net.stateDict(), join(dir, 'tmp.pth'));
    const prefix = createHash('sha256').update(readFileSync(join(dir, 'tmp.pth'))).digest('hex').slice(0, 8);
    renameSync(join(dir, 'tmp.pth'), join(dir, `tiny-${prefix}.pth`));
    const E = models.defineWeightsEnum('TinyTest_Weights', {
      V1: { url: `https://example.com/weights/tiny-${prefix}.pth`, transforms: () => new transforms._presets.ImageClassification({ cropSize: 32 }), meta: { numParams: 1 } },
    }, 'V1');
    expect(models.getWeight('TinyTest_Weights.DEFAULT')).toBe(E.V1);
    const other = models.squeezenet1_1({ numClasses: 4 });
    other.loadStateDict(E.DEFAULT.getStateDict({ modelDir: dir }));
    const x = torch.randn(1, 3, 48, 48);
    expect(torch.equal(other.eval()(x), net.eval()(x))).toBe(true);
  });

  it("pretrained: true stands for weights: DEFAULT with torchvision's deprecation warnings", () => {
    process.env.TORCH_HOME = join(folder, 'empty-home');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(() => models.alexnet({ pretrained: true })).toThrow('AlexNet_Weights.IMAGENET1K_V1: the weights file');
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      "The parameter 'pretrained' is deprecated since 0.13 and may be removed in the future, please use 'weights' instead.",
      "Arguments other than a weight enum or `None` for 'weights' are deprecated since 0.13 and may be removed in the future. The current behavior is equivalent to passing `weights=AlexNet_Weights.IMAGENET1K_V1`. You can also use `weights=AlexNet_Weights.DEFAULT` to get the most up-to-date weights.",
    ]);
    expect(models.squeezenet1_0({ pretrained: false })).toBeInstanceOf(models.SqueezeNet);
  });
});

describe('models: ImageClassification preset, IntermediateLayerGetter, _makeDivisible', () => {
  it("ImageClassification gives torchvision's tensors, repr and description", () => {
    PRESETS.forEach((c, i) => {
      const want = py().presets[i]!;
      const { input, output } = load(want.path) as { input: Tensor; output: Tensor };
      const kw = c.kwargs as Record<string, unknown>;
      const p = new transforms._presets.ImageClassification({
        cropSize: kw.crop_size as number, resizeSize: kw.resize_size as number | undefined, interpolation: kw.interpolation as 'bicubic' | undefined,
        mean: kw.mean as number[] | undefined, std: kw.std as number[] | undefined,
      });
      const got = p(input);
      expect(got.shape, c.name).toEqual(output.shape);
      expect(got.sub(output).abs().max().item(), c.name).toBeLessThanOrEqual(1e-5);
      expect(String(p)).toBe(want.repr);
      expect(p.describe()).toBe(want.describe);
    });
    // An Image goes through the same steps, resized as Pillow resizes (transforms.functional's
    // Image path): within one uint8 unit of the tensor path after normalization.
    const { input, output } = load(py().presets[0]!.path) as { input: Tensor; output: Tensor };
    const F = transforms.functional;
    const viaImage = models.ResNet18_Weights.DEFAULT.transforms()(new Image(input)) as Tensor;
    const steps = F.centerCrop(F.resize(new Image(input), [256], 'bilinear'), [224]);
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    expect(torch.equal(viaImage, F.normalize(F.convertImageDtype(F.pilToTensor(steps), 'float32'), mean, std))).toBe(true);
    const viaTensor = new transforms._presets.ImageClassification({ cropSize: 224 })(input);
    expect(viaImage.sub(viaTensor).abs().max().item()).toBeLessThanOrEqual(1 / 255 / 0.224 + 1e-6);
    expect(output.shape).toEqual([3, 224, 224]);
  });

  it("IntermediateLayerGetter keeps the children up to the last returned one and gives torchvision's outputs", () => {
    const want = py().layers;
    torch.manualSeed(5);
    const m = models.resnet18().eval();
    const getter = new models._utils.IntermediateLayerGetter(m, { layer1: 'feat1', layer3: 'feat2' });
    expect(getter.namedChildren().map(([n]) => n)).toEqual(want.children);
    const out = torch.noGrad(() => getter(torch.randn(1, 3, 64, 64)));
    const got = [...out].map(([k, v]) => [k, v.shape, v.double().sum().item()] as [string, number[], number]);
    expect(got.map(([k, s]) => [k, s])).toEqual(want.out.map(([k, s]) => [k, s]));
    got.forEach(([, , sum], i) => expect(Math.abs(sum - want.out[i]![2])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want.out[i]![2]))));
    expect(() => new models._utils.IntermediateLayerGetter(m, { layer9: 'x' })).toThrow('return_layers are not present in model');
  });

  it("_makeDivisible is torchvision's _make_divisible", () => {
    expect(DIVISIBLE.map(([v, d, min]) => models._utils._makeDivisible(v, d, min))).toEqual(py().divisible);
  });
});
