// pytorch/examples mnist/main.py ported line for line; mnist.py beside it is the Python it is
// checked against (same seed, same printed numbers). argparse becomes node:util's parseArgs.
import { parseArgs } from 'node:util';
import * as torch from '../../lib/index.js';
import { nn, optim, Tensor } from '../../lib/index.js';
import { DataLoader } from '../../lib/utils/data/index.js';
import { datasets, transforms } from '../../lib/vision/index.js';
import { limited, DATA } from './_vision.js';
const F = nn.functional;
const { StepLR } = optim.lr_scheduler;

class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, 1);
  conv2 = new nn.Conv2d(32, 64, 3, 1);
  dropout1 = new nn.Dropout(0.25);
  dropout2 = new nn.Dropout(0.5);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x: Tensor): Tensor {
    x = this.conv1(x);
    x = F.relu(x);
    x = this.conv2(x);
    x = F.relu(x);
    x = F.maxPool2d(x, 2);
    x = this.dropout1(x);
    x = torch.flatten(x, 1);
    x = this.fc1(x);
    x = F.relu(x);
    x = this.dropout2(x);
    x = this.fc2(x);
    const output = F.logSoftmax(x, { dim: 1 });
    return output;
  }
}

interface Args { batchSize: number; testBatchSize: number; epochs: number; lr: number; gamma: number; noAccel: boolean; dryRun: boolean; seed: number; logInterval: number; saveModel: boolean }

function train(args: Args, model: nn.Module, device: torch.device, trainLoader: DataLoader, optimizer: optim.Optimizer, epoch: number): void {
  model.train();
  let batchIdx = 0;
  for (let [data, target] of trainLoader) {
    [data, target] = [data.to(device), target.to(device)];
    optimizer.zeroGrad();
    const output = model(data);
    const loss = F.nllLoss(output, target);
    loss.backward();
    optimizer.step();
    if (batchIdx % args.logInterval === 0) {
      console.log(`Train Epoch: ${epoch} [${batchIdx * data.size(0)}/${trainLoader.dataset.length} (${(100 * batchIdx / trainLoader.length).toFixed(0)}%)]\tLoss: ${loss.item().toFixed(6)}`);
      if (args.dryRun) break;
    }
    batchIdx += 1;
  }
}

function test(model: nn.Module, device: torch.device, testLoader: DataLoader): void {
  model.eval();
  let testLoss = 0;
  let correct = 0;
  torch.noGrad(() => {
    for (let [data, target] of testLoader) {
      [data, target] = [data.to(device), target.to(device)];
      const output = model(data);
      testLoss += F.nllLoss(output, target, { reduction: 'sum' }).item(); // sum up batch loss
      const pred = output.argmax({ dim: 1, keepdim: true }); // get the index of the max log-probability
      correct += pred.eq(target.viewAs(pred)).sum().item();
    }
  });

  testLoss /= testLoader.dataset.length;

  console.log(`\nTest set: Average loss: ${testLoss.toFixed(4)}, Accuracy: ${correct}/${testLoader.dataset.length} (${(100 * correct / testLoader.dataset.length).toFixed(0)}%)\n`);
}

function main(): void {
  // Training settings
  const { values } = parseArgs({
    options: {
      'batch-size': { type: 'string', default: '64' },
      'test-batch-size': { type: 'string', default: '1000' },
      epochs: { type: 'string', default: '14' },
      lr: { type: 'string', default: '1.0' },
      gamma: { type: 'string', default: '0.7' },
      'no-accel': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      'log-interval': { type: 'string', default: '10' },
      'save-model': { type: 'boolean', default: false },
    },
  });
  const args: Args = {
    batchSize: Number(values['batch-size']), testBatchSize: Number(values['test-batch-size']), epochs: Number(values.epochs),
    lr: Number(values.lr), gamma: Number(values.gamma), noAccel: values['no-accel'], dryRun: values['dry-run'],
    seed: Number(values.seed), logInterval: Number(values['log-interval']), saveModel: values['save-model'],
  };

  const useAccel = !args.noAccel && torch.accelerator.isAvailable();

  torch.manualSeed(args.seed);

  let device: torch.device;
  if (useAccel) {
    device = torch.accelerator.currentAccelerator()!;
  } else {
    device = torch.device('cpu');
  }

  const trainKwargs = { batchSize: args.batchSize };
  const testKwargs = { batchSize: args.testBatchSize };
  if (useAccel) {
    const accelKwargs = {
      numWorkers: 1,
      persistentWorkers: true,
      pinMemory: true,
      shuffle: true,
    };
    Object.assign(trainKwargs, accelKwargs);
    Object.assign(testKwargs, accelKwargs);
  }

  const transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize([0.1307], [0.3081]),
  ]);
  const dataset1 = limited(new datasets.MNIST(DATA, { train: true, download: true, transform }));
  const dataset2 = limited(new datasets.MNIST(DATA, { train: false, transform }));
  const trainLoader = new DataLoader(dataset1, trainKwargs);
  const testLoader = new DataLoader(dataset2, testKwargs);

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: args.gamma });
  for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
    train(args, model, device, trainLoader, optimizer, epoch);
    test(model, device, testLoader);
    scheduler.step();
  }

  if (args.saveModel) {
    torch.save(model.stateDict(), 'mnist_cnn.pt');
  }
}

main();
