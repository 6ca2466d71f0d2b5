// The seed article, end to end: trains its four models on Fashion-MNIST (Adam lr 0.003, NLLLoss,
// batch 64), printing the training loss per epoch as the article does, then test accuracy.
//   npm run demo -- [--epochs 5] [--limit BATCHES] [--device cpu|cuda] [--seed 0] [--threads N]
//                   [--models silu_sequential,brelu] [--json]
import * as torch from '../lib/index.js';
import { nn, optim, Tensor } from '../lib/index.js';
import { datasets, transforms } from '../lib/vision/index.js';
import { ARTICLE_MODELS } from './article_models.js';

interface DemoOptions {
  epochs: number; limit: number; device: string; seed: number; threads: number; models: string[];
  json: boolean; root: string | undefined;
}

const USAGE = 'usage: npm run demo -- [--epochs N] [--limit BATCHES] [--device cpu|cuda] [--seed N] [--threads N] [--models a,b] [--root DIR] [--json]';

function parseArgs(argv: string[]): DemoOptions {
  const o: DemoOptions = { epochs: 5, limit: 0, device: 'cpu', seed: 0, threads: 0, models: ARTICLE_MODELS.map(([n]) => n), json: false, root: undefined };
  const int = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) throw new RangeError(`${flag} needs an integer >= ${min} (got ${v ?? 'nothing'})\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    switch (flag) {
      case '--epochs': o.epochs = int(flag, argv[++i], 1); break;
      case '--limit': o.limit = int(flag, argv[++i], 0); break;
      case '--seed': o.seed = int(flag, argv[++i], 0); break;
      case '--threads': o.threads = int(flag, argv[++i], 0); break;
      case '--device': o.device = argv[++i] ?? ''; break;
      case '--root': o.root = argv[++i]; break;
      case '--json': o.json = true; break;
      case '--models': {
        o.models = (argv[++i] ?? '').split(',').filter(Boolean);
        const known = ARTICLE_MODELS.map(([n]) => n);
        for (const m of o.models) if (!known.includes(m)) throw new RangeError(`--models: unknown model ${m} (known: ${known.join(', ')})`);
        break;
      }
      case '--help': case '-h': console.log(USAGE); process.exit(0);
      default: throw new RangeError(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return o;
}

class Progress {
  private readonly tty = process.stdout.isTTY === true;
  private start = performance.now();
  private lastDraw = 0;
  constructor(private readonly label: string, private readonly total: number) {}
  update(step: number, loss: number, samples: number): void {
    if (!this.tty) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && step < this.total) return;
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((step / this.total) * width);
    const rate = samples / ((now - this.start) / 1000);
    process.stdout.write(`\r${this.label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${step}/${this.total} loss ${loss.toFixed(4)} ${rate.toFixed(0)} samples/s`);
  }
  done(): void {
    if (this.tty) process.stdout.write('\r\x1b[2K');
  }
}

// The article's training function.
function trainModel(name: string, model: nn.Module, trainloader: torch.utils.data.DataLoader, o: DemoOptions): number[] {
  const criterion = new nn.NLLLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.003 });
  model.to(o.device);
  model.train();
  const losses: number[] = [];
  const perEpoch = o.limit > 0 ? Math.min(o.limit, trainloader.length) : trainloader.length;
  for (let e = 0; e < o.epochs; e++) {
    let runningLoss = 0;
    let step = 0;
    const bar = new Progress(`${name} epoch ${e + 1}/${o.epochs}`, perEpoch);
    const started = performance.now();
    for (let [images, labels] of trainloader as Iterable<[Tensor, Tensor]>) {
      images = images.to(o.device); labels = labels.to(o.device);
      images = images.view(images.shape[0]!, -1);
      const logPs = model(images) as Tensor;
      const loss = criterion(logPs, labels) as Tensor;
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      const value = loss.item();
      runningLoss += value;
      step++;
      bar.update(step, value, step * images.shape[0]!);
      if (o.limit > 0 && step >= o.limit) break;
    }
    bar.done();
    losses.push(runningLoss);
    if (!o.json) console.log(`Training loss: ${runningLoss}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  return losses;
}

function testAccuracy(model: nn.Module, testloader: torch.utils.data.DataLoader, o: DemoOptions): number {
  model.eval();
  let correct = 0;
  let total = 0;
  torch.noGrad(() => {
    for (const [images, labels] of testloader as Iterable<[Tensor, Tensor]>) {
      const logPs = model(images.to(o.device).view(images.shape[0]!, -1)) as Tensor;
      correct += logPs.argmax(1).eq(labels.to(o.device)).sum().item();
      total += labels.shape[0]!;
    }
  });
  return correct / total;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  if (o.threads > 0) torch.setNumThreads(o.threads);
  const transform = transforms.ToTensor();
  const trainset = new datasets.FashionMNIST(o.root, { train: true, transform });
  const testset = new datasets.FashionMNIST(o.root, { train: false, transform });
  const testloader = new torch.utils.data.DataLoader(testset, { batchSize: 1000 });
  for (const [name, build] of ARTICLE_MODELS) {
    if (!o.models.includes(name)) continue;
    torch.manualSeed(o.seed);
    const model = build();
    const trainloader = new torch.utils.data.DataLoader(trainset, { batchSize: 64, shuffle: true });
    if (!o.json) console.log(`\n== ${name} (${o.device}, ${torch.getNumThreads()} threads)`);
    const losses = trainModel(name, model, trainloader, o);
    const accuracy = testAccuracy(model, testloader, o);
    if (o.json) console.log(JSON.stringify({ model: name, epoch_loss: losses, test_accuracy: accuracy }));
    else console.log(`Test accuracy: ${(accuracy * 100).toFixed(2)}%`);
  }
}

main();
