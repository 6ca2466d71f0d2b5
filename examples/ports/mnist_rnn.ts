// pytorch/examples mnist_rnn/main.py ported line for line; mnist_rnn.py beside it is the Python it
// is checked against (same seed, same printed numbers). argparse becomes node:util's parseArgs.
import { parseArgs } from 'node:util';
import * as torch from '../../lib/index.js';
import { nn, optim, Tensor } from '../../lib/index.js';
import { DataLoader } from '../../lib/utils/data/index.js';
import { datasets, transforms } from '../../lib/vision/index.js';
import { limited, DATA } from './_vision.js';
const F = nn.functional;
const { StepLR } = optim.lr_scheduler;

class Net extends nn.Module {
  rnn = new nn.LSTM({ inputSize: 28, hiddenSize: 64, batchFirst: true });
  batchnorm = new nn.BatchNorm1d(64);
  dropout1 = new nn.Dropout2d(0.25);
  dropout2 = new nn.Dropout2d(0.5);
  fc1 = new nn.Linear(64, 32);
  fc2 = new nn.Linear(32, 10);

  forward(input: Tensor): Tensor {
    // Shape of input is (batch_size,1, 28, 28)
    // converting shape of input to (batch_size, 28, 28)
    // as required by RNN when batch_first is set True
    input = input.reshape(-1, 28, 28);
    let [output, hidden] = this.rnn(input);

    // RNN output shape is (seq_len, batch, input_size)
    // Get last output of RNN
    output = output.index([':', -1, ':']);
    output = this.batchnorm(output);
    output = this.dropout1(output);
    output = this.fc1(output);
    output = F.relu(output);
    output = this.dropout2(output);
    output = this.fc2(output);
    output = F.logSoftmax(output, { dim: 1 });
    return output;
  }
}

interface Args { batchSize: number; testBatchSize: number; epochs: number; lr: number; gamma: number; cuda: boolean; mps: boolean; dryRun: boolean; seed: number; logInterval: number; saveModel: boolean }

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

function test(args: Args, model: nn.Module, device: torch.device, testLoader: DataLoader): void {
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
      if (args.dryRun) break;
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
      lr: { type: 'string', default: '0.1' },
      gamma: { type: 'string', default: '0.7' },
      cuda: { type: 'boolean', default: false },
      mps: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      'log-interval': { type: 'string', default: '10' },
      'save-model': { type: 'boolean', default: false },
    },
  });
  const args: Args = {
    batchSize: Number(values['batch-size']), testBatchSize: Number(values['test-batch-size']), epochs: Number(values.epochs),
    lr: Number(values.lr), gamma: Number(values.gamma), cuda: values.cuda, mps: values.mps, dryRun: values['dry-run'],
    seed: Number(values.seed), logInterval: Number(values['log-interval']), saveModel: values['save-model'],
  };

  let deviceName: string;
  if (args.cuda && !args.mps) {
    deviceName = 'cuda';
  } else if (args.mps && !args.cuda) {
    deviceName = 'mps';
  } else {
    deviceName = 'cpu';
  }

  const device = torch.device(deviceName);

  torch.manualSeed(args.seed);

  const kwargs = args.cuda ? { numWorkers: 1, pinMemory: true } : {};
  const trainLoader = new DataLoader(
    limited(new datasets.MNIST(DATA, {
      train: true, download: true,
      transform: transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize([0.1307], [0.3081]),
      ]),
    })),
    { batchSize: args.batchSize, shuffle: true, ...kwargs });
  const testLoader = new DataLoader(
    limited(new datasets.MNIST(DATA, {
      train: false, transform: transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize([0.1307], [0.3081]),
      ]),
    })),
    { batchSize: args.testBatchSize, shuffle: true, ...kwargs });

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: args.gamma });
  for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
    train(args, model, device, trainLoader, optimizer, epoch);
    test(args, model, device, testLoader);
    scheduler.step();
  }

  if (args.saveModel) {
    torch.save(model.stateDict(), 'mnist_rnn.pt');
  }
}

main();
