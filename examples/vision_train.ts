// torch-node/vision end to end: an image-folder dataset of Fashion-MNIST PNGs (written here from
// the IDX files if missing), a small ResNet trained on it with Resize/RandomCrop/flip augmentation
// and 2 DataLoader workers, then two pictures: a grid of test images with the predicted labels
// (green: right, red: wrong) and the loss/accuracy curves (vega-lite, SVG and PNG).
//   npm run demo:vision
// Settings (environment): FASHION_MNIST_ROOT (the IDX files, default
// /usr/share/datasets/fashion-mnist), VISION_DEMO_DATA (the PNG folders, default
// ./data/fashion-mnist-png), VISION_DEMO_OUT (the pictures, default ./out/vision-demo),
// VISION_DEMO_EPOCHS (3), VISION_DEMO_TRAIN_PER_CLASS (300), VISION_DEMO_TEST_PER_CLASS (100),
// VISION_DEMO_WORKERS (2), VISION_DEMO_SEED (0), VISION_DEMO_THREADS (LibTorch's intra-op threads;
// default LibTorch's choice, one per core; 1 is faster on a machine busy with other work).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as torch from '../lib/index.js';
import { nn, optim, Tensor } from '../lib/index.js';
import { datasets, io, models, transforms, utils } from '../lib/vision/index.js';

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer (got ${v})`);
  return n;
}

const FASHION_ROOT = process.env.FASHION_MNIST_ROOT ?? '/usr/share/datasets/fashion-mnist';
const DATA = resolve(process.env.VISION_DEMO_DATA ?? './data/fashion-mnist-png');
const OUT = resolve(process.env.VISION_DEMO_OUT ?? './out/vision-demo');
const EPOCHS = envInt('VISION_DEMO_EPOCHS', 3);
const TRAIN_PER_CLASS = envInt('VISION_DEMO_TRAIN_PER_CLASS', 300);
const TEST_PER_CLASS = envInt('VISION_DEMO_TEST_PER_CLASS', 100);
const WORKERS = envInt('VISION_DEMO_WORKERS', 2);
const SEED = envInt('VISION_DEMO_SEED', 0);
const THREADS = envInt('VISION_DEMO_THREADS', 0);

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
// Folder names that sort in label order (ImageFolder numbers classes by sorted folder name).
const folderOf = (label: number): string => `${label}-${CLASSES[label]!.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** Writes the first `perClass` images of each class of one split as PNGs: DATA/split/class/i.png. */
async function writeSplit(train: boolean, perClass: number): Promise<void> {
  const split = train ? 'train' : 'test';
  const set = new datasets.FashionMNIST(FASHION_ROOT, { train });
  const labels = set.targets.tolist() as number[];
  const counts = new Array<number>(10).fill(0);
  const pending: Promise<unknown>[] = [];
  for (const c of CLASSES.keys()) mkdirSync(join(DATA, split, folderOf(c)), { recursive: true });
  for (let i = 0; i < labels.length && counts.some((n) => n < perClass); i++) {
    const y = labels[i]!;
    if (counts[y]! >= perClass) continue;
    counts[y]!++;
    // A uint8 1 x 28 x 28 image: a gray PNG, encoded off the main thread.
    pending.push(io.writePngAsync(set.data.select(0, i).unsqueeze(0), join(DATA, split, folderOf(y), `${i}.png`)));
    if (pending.length >= 64) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
}

/** A ResNet of torchvision's with one BasicBlock per stage: ResNet-18's layout, a quarter of its depth. */
function smallResNet(): nn.Module {
  return new models.ResNet(models.BasicBlock, [1, 1, 1, 1], { numClasses: 10 });
}

async function evaluate(model: nn.Module, loader: torch.utils.data.DataLoader<[Tensor, number]>): Promise<number> {
  model.eval();
  let correct = 0;
  let total = 0;
  for await (const [x, y] of loader as AsyncIterable<[Tensor, Tensor]>) {
    torch.noGrad(() => {
      const pred = (model(x) as Tensor).argmax(1);
      correct += pred.eq(y).sum().item() as number;
      total += y.shape[0]!;
    });
  }
  return correct / total;
}

/** The curves: loss per batch and test accuracy per epoch, as vega-lite charts side by side. */
async function writeCurves(losses: { step: number; loss: number }[], accuracy: { epoch: number; accuracy: number }[]): Promise<[string, string]> {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Small ResNet on Fashion-MNIST PNGs (torch-node)',
    hconcat: [
      {
        width: 360, height: 220, data: { values: losses },
        mark: { type: 'line', strokeWidth: 1 },
        encoding: { x: { field: 'step', type: 'quantitative', title: 'batch' }, y: { field: 'loss', type: 'quantitative', title: 'training loss' } },
      },
      {
        width: 220, height: 220, data: { values: accuracy },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
          y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy', scale: { domain: [0, 1] } },
        },
      },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  const svgPath = join(OUT, 'curves.svg');
  const pngPath = join(OUT, 'curves.png');
  writeFileSync(svgPath, svg);
  const sharp = (await import('sharp')).default;
  await sharp(Buffer.from(svg), { density: 144 }).png().toFile(pngPath);
  return [svgPath, pngPath];
}

/** 32 test images (at random), 3x upscaled, in a grid, each boxed and labelled with its prediction. */
async function writePredictions(model: nn.Module, normalize: (t: Tensor) => Tensor): Promise<string> {
  const plain = new datasets.ImageFolder(join(DATA, 'test'), { transform: transforms.Compose([transforms.Resize(32), transforms.ToTensor()]) });
  torch.manualSeed(SEED);
  const pick = torch.randperm(plain.length).narrow(0, 0, Math.min(32, plain.length)).tolist() as number[];
  const items = pick.map((i) => plain.getItem(i));
  const images = torch.stack(items.map(([x]) => x));
  model.eval();
  const pred = torch.noGrad(() => (model(normalize(images)) as Tensor).argmax(1).tolist() as number[]);
  const scale = 3;
  const big = torch.nn.functional.interpolate(images, { scaleFactor: scale, mode: 'nearest' });
  const pad = 4;
  const grid = utils.makeGrid(big, { nrow: 8, padding: pad, padValue: 1 });
  const size = 32 * scale + pad;
  const boxes = pick.map((_, k) => {
    const x = (k % 8) * size + pad;
    const y = Math.floor(k / 8) * size + pad;
    return [x, y, x + 32 * scale - 1, y + 32 * scale - 1];
  });
  const right = items.map(([, y], k) => pred[k] === y);
  const drawn = await utils.drawBoundingBoxesAsync(grid, torch.tensor(boxes), {
    labels: pred.map((p) => CLASSES[p]!),
    colors: right.map((r) => (r ? 'limegreen' : 'red')),
    width: 2,
    fontSize: 11,
    fillLabels: true,
    labelColors: 'white',
    labelBackgroundColors: right.map((r) => (r ? 'darkgreen' : 'darkred')),
  });
  const path = join(OUT, 'predictions.png');
  await utils.saveImageAsync(drawn, path);
  return path;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  if (THREADS > 0) torch.setNumThreads(THREADS);
  if (!existsSync(join(DATA, 'train')) || !existsSync(join(DATA, 'test'))) {
    console.log(`writing ${TRAIN_PER_CLASS * 10} train and ${TEST_PER_CLASS * 10} test PNGs from ${FASHION_ROOT} into ${DATA} ...`);
    await writeSplit(true, TRAIN_PER_CLASS);
    await writeSplit(false, TEST_PER_CLASS);
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  mkdirSync(OUT, { recursive: true });
  torch.manualSeed(SEED);

  const norm = transforms.Normalize([0.286, 0.286, 0.286], [0.353, 0.353, 0.353]);
  const trainSet = new datasets.ImageFolder(join(DATA, 'train'), {
    transform: transforms.Compose([
      transforms.Resize(32),
      transforms.RandomCrop(32, { padding: 4 }),
      transforms.RandomHorizontalFlip(),
      transforms.ToTensor(),
      norm,
    ]),
  });
  const testSet = new datasets.ImageFolder(join(DATA, 'test'), {
    transform: transforms.Compose([transforms.Resize(32), transforms.ToTensor(), norm]),
  });
  const loaderOptions = { batchSize: 64, numWorkers: WORKERS, persistentWorkers: WORKERS > 0 };
  const trainLoader = new torch.utils.data.DataLoader(trainSet, { ...loaderOptions, shuffle: true });
  const testLoader = new torch.utils.data.DataLoader(testSet, { ...loaderOptions, shuffle: false });
  console.log(`train: ${trainSet.length} images, test: ${testSet.length}, classes: ${trainSet.classes.join(', ')}; ${WORKERS} loader workers`);

  const model = smallResNet();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.002 });
  const criterion = new nn.CrossEntropyLoss();
  const losses: { step: number; loss: number }[] = [];
  const accuracy: { epoch: number; accuracy: number }[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const te = performance.now();
    model.train();
    let sum = 0;
    let batches = 0;
    for await (const [x, y] of trainLoader as AsyncIterable<[Tensor, Tensor]>) {
      const loss = criterion(model(x) as Tensor, y) as Tensor;
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      const l = loss.item() as number;
      losses.push({ step: ++step, loss: l });
      sum += l;
      batches++;
    }
    const acc = await evaluate(model, testLoader);
    accuracy.push({ epoch, accuracy: acc });
    console.log(`epoch ${epoch}: training loss ${(sum / batches).toFixed(4)}, test accuracy ${(100 * acc).toFixed(1)}% (${((performance.now() - te) / 1000).toFixed(1)} s)`);
  }

  const grid = await writePredictions(model, (t) => norm(t));
  const [svg, png] = await writeCurves(losses, accuracy);
  console.log(`wrote ${grid}`);
  console.log(`wrote ${svg}`);
  console.log(`wrote ${png}`);
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

await main();
