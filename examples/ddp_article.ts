// The seed article's SiLU classifier trained with DistributedDataParallel: one process per rank,
// each on its share of Fashion-MNIST (DistributedSampler), gradients averaged across ranks during
// backward. Start it through the launcher, which sets RANK, WORLD_SIZE, MASTER_ADDR, ...:
//   npx torch-node-run --nproc-per-node 2 dist/examples/ddp_article.js [--epochs 2] [--limit BATCHES] [--root DIR]
// (from a checkout: node bin/torch-node-run.mjs --nproc-per-node 2 dist/examples/ddp_article.js).
// A Python rank started by torchrun with the same environment can join the same job.
import * as torch from '../lib/index.js';
import { nn, optim } from '../lib/index.js';
import { datasets, transforms } from '../lib/vision/index.js';
import { ClassifierSiLU } from './article_models.js';

const dist = torch.distributed;
const F = nn.functional;

interface Options { epochs: number; limit: number; root: string | undefined; batchSize: number }

function parseArgs(argv: string[]): Options {
  const o: Options = { epochs: 2, limit: 0, root: undefined, batchSize: 64 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    const n = Number(value);
    switch (flag) {
      case '--epochs': o.epochs = n; break;
      case '--limit': o.limit = n; break;
      case '--batch-size': o.batchSize = n; break;
      case '--root': o.root = value; break;
      default: throw new RangeError(`unknown flag ${flag} (known: --epochs N, --limit BATCHES, --batch-size N, --root DIR)`);
    }
    if (flag !== '--root' && (!Number.isInteger(n) || n < 0)) throw new RangeError(`${flag} needs a non-negative integer (got ${value})`);
  }
  return o;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  if (process.env.RANK === undefined) {
    throw new Error('RANK is not set: start this example through the launcher, e.g. npx torch-node-run --nproc-per-node 2 dist/examples/ddp_article.js');
  }
  dist.initProcessGroup({ backend: 'gloo' });
  const rank = dist.getRank();
  const worldSize = dist.getWorldSize();

  const transform = transforms.ToTensor();
  const trainset = new datasets.FashionMNIST(o.root, { train: true, transform });
  const sampler = new torch.utils.data.DistributedSampler(trainset, { seed: 0 });
  const loader = new torch.utils.data.DataLoader(trainset, { batchSize: o.batchSize, sampler });

  torch.manualSeed(0);
  const model = new nn.parallel.DistributedDataParallel(new ClassifierSiLU());
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.003 });
  if (rank === 0) console.log(`DDP on ${worldSize} processes, ${sampler.length} samples per rank per epoch`);

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    sampler.setEpoch(epoch);
    const start = performance.now();
    let lossSum = 0;
    let batches = 0;
    for (const [images, labels] of loader as Iterable<[torch.Tensor, torch.Tensor]>) {
      if (o.limit > 0 && batches >= o.limit) break;
      torch.tidy(() => {
        optimizer.zeroGrad();
        const loss = F.nllLoss(model(images), labels);
        loss.backward();
        optimizer.step();
        lossSum += loss.item();
      });
      batches++;
    }
    // Every rank's mean loss, averaged: the training loss over the whole epoch's data.
    const mean = torch.tensor([lossSum / Math.max(batches, 1)], { dtype: 'float64' });
    dist.allReduce(mean);
    if (rank === 0) {
      const seconds = (performance.now() - start) / 1000;
      console.log(`epoch ${epoch + 1}: training loss ${(mean.item() / worldSize).toFixed(4)} (${batches} batches per rank, ${seconds.toFixed(1)} s)`);
    }
  }

  if (rank === 0) {
    const testset = new datasets.FashionMNIST(o.root, { train: false, transform });
    const testloader = new torch.utils.data.DataLoader(testset, { batchSize: 1000 });
    let correct = 0;
    let total = 0;
    torch.noGrad(() => {
      for (const [images, labels] of testloader as Iterable<[torch.Tensor, torch.Tensor]>) {
        torch.tidy(() => {
          correct += model.module(images).argmax(1).eq(labels).sum().item();
          total += labels.shape[0]!;
        });
      }
    });
    console.log(`test accuracy ${(100 * correct / total).toFixed(2)}%`);
  }
  dist.destroyProcessGroup();
}

main();
