// End-to-end consumer program (strict TypeScript): the training of ../train.mjs written as a
// TypeScript user would, with a typed module class, a typed config, a DataLoader and a transform
// from the `torch-node/vision` subpath. It consumes the random stream exactly as train.mjs does,
// so it must print the same losses. Type-checked with module nodenext (tsconfig.json, emitted to
// dist/ and run), node16 (tsconfig.node16.json) and bundler (tsconfig.bundler.json).
import { readFileSync } from 'node:fs';
import * as torch from 'torch-node';
import { nn, optim, utils, type Tensor } from 'torch-node';
import { transforms } from 'torch-node/vision';

interface TrainConfig {
  readonly seed: number;
  readonly steps: number;
  readonly lr: number;
  readonly hidden: number;
}

interface TrainResult {
  program: 'ts';
  node: string;
  libtorch: string;
  loss: number;
  losses: number[];
  libs: string[];
}

class MLP extends nn.Module {
  readonly fc1: nn.Linear;
  readonly act = new nn.ReLU();
  readonly fc2: nn.Linear;

  constructor(inFeatures: number, hidden: number) {
    super();
    this.fc1 = new nn.Linear(inFeatures, hidden);
    this.fc2 = new nn.Linear(hidden, 1);
  }

  forward(x: Tensor): Tensor {
    return this.fc2(this.act(this.fc1(x)));
  }
}

// y = 2 x0 - x1 + noise, as a typed transform over the feature matrix.
const target: transforms.Transform<Tensor, Tensor> = transforms.Lambda(
  (x: Tensor): Tensor => x.narrow(1, 0, 1).mul(2).sub(x.narrow(1, 1, 1)).add(torch.randn(64, 1).mul(0.1)),
);

function loadedLibraries(): string[] {
  const paths = readFileSync('/proc/self/maps', 'utf8').split('\n')
    .map((line) => line.slice(line.indexOf('/')))
    .filter((p) => /\/(torch_node\.node|libtorch_cpu\.so|libc10\.so)$/.test(p));
  return [...new Set(paths)].sort();
}

function train(config: TrainConfig): TrainResult {
  torch.manualSeed(config.seed);
  const x: Tensor = torch.randn(64, 8);
  const y: Tensor = target(x);
  const loader = new utils.data.DataLoader(new utils.data.TensorDataset(x, y), { batchSize: 64 });
  const model = new MLP(8, config.hidden);
  const optimizer: optim.Optimizer = new optim.Adam(model.parameters(), { lr: config.lr });
  const criterion = new nn.MSELoss();
  const losses: number[] = [];
  for (let step = 0; step < config.steps; step++) {
    for (const [inputs, targets] of loader as Iterable<[Tensor, Tensor]>) {
      const loss: Tensor = criterion(model(inputs), targets);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
  }
  const weights: number = Object.keys(model.stateDict()).length;
  if (weights !== 4) throw new Error(`expected 4 tensors in the state dict, got ${weights}`);
  const last = losses.at(-1);
  if (last === undefined) throw new Error('no training step ran');
  return { program: 'ts', node: process.version, libtorch: torch.libtorchVersion, loss: last, losses, libs: loadedLibraries() };
}

console.log(JSON.stringify(train({ seed: 0, steps: 10, lr: 0.01, hidden: 16 })));
