// The PyTorch quickstart (pytorch/tutorials beginner_source/basics/quickstart_tutorial.py) ported
// line for line; quickstart.py beside it is the Python it is checked against (same seed, same
// printed numbers). Run: node dist/examples/ports/quickstart.js (PORT_LIMIT / PORT_EPOCHS /
// PORT_DATA / PORT_OUT as for the Python).
import { join } from 'node:path';
import * as torch from '../../lib/index.js';
import { nn, Tensor } from '../../lib/index.js';
import { DataLoader } from '../../lib/utils/data/index.js';
import { datasets, transforms } from '../../lib/vision/index.js';
import { limited, DATA } from './_vision.js';
const { ToTensor } = transforms;

torch.manualSeed(0);

// Download training data from open datasets.
const trainingData = limited(new datasets.FashionMNIST({
  root: DATA,
  train: true,
  download: true,
  transform: ToTensor(),
}));

// Download test data from open datasets.
const testData = limited(new datasets.FashionMNIST({
  root: DATA,
  train: false,
  download: true,
  transform: ToTensor(),
}));

const batchSize = 64;

// Create data loaders.
const trainDataloader = new DataLoader(trainingData, { batchSize });
const testDataloader = new DataLoader(testData, { batchSize });

for (const [X, y] of testDataloader) {
  console.log(`Shape of X [N, C, H, W]: ${X.size()}`);
  console.log(`Shape of y: ${y.size()} ${y.dtype}`);
  break;
}

const device = torch.accelerator.isAvailable() ? torch.accelerator.currentAccelerator()!.type : 'cpu';
console.log(`Using ${device} device`);

// Define model
class NeuralNetwork extends nn.Module {
  flatten = new nn.Flatten();
  // Python's attribute name: it is the state dict's key, so checkpoints load in both languages.
  linear_relu_stack = new nn.Sequential(
    new nn.Linear(28 * 28, 512),
    new nn.ReLU(),
    new nn.Linear(512, 512),
    new nn.ReLU(),
    new nn.Linear(512, 10),
  );

  forward(x: Tensor): Tensor {
    x = this.flatten(x);
    const logits = this.linear_relu_stack(x);
    return logits;
  }
}

let model = new NeuralNetwork().to(device);
console.log(String(model));

const lossFn = new nn.CrossEntropyLoss();
const optimizer = new torch.optim.SGD(model.parameters(), { lr: 1e-3 });

function train(dataloader: DataLoader, model: nn.Module, lossFn: nn.Module, optimizer: torch.optim.Optimizer): void {
  const size = dataloader.dataset.length;
  model.train();
  let batch = 0;
  for (let [X, y] of dataloader) {
    [X, y] = [X.to(device), y.to(device)];

    // Compute prediction error
    const pred = model(X);
    const loss = lossFn(pred, y);

    // Backpropagation
    loss.backward();
    optimizer.step();
    optimizer.zeroGrad();

    if (batch % 100 === 0) {
      const [lossValue, current] = [loss.item(), (batch + 1) * X.size(0)];
      console.log(`loss: ${lossValue.toFixed(6).padStart(7)}  [${String(current).padStart(5)}/${String(size).padStart(5)}]`);
    }
    batch += 1;
  }
}

function test(dataloader: DataLoader, model: nn.Module, lossFn: nn.Module): void {
  const size = dataloader.dataset.length;
  const numBatches = dataloader.length;
  model.eval();
  let [testLoss, correct] = [0, 0];
  torch.noGrad(() => {
    for (let [X, y] of dataloader) {
      [X, y] = [X.to(device), y.to(device)];
      const pred = model(X);
      testLoss += lossFn(pred, y).item();
      correct += pred.argmax(1).eq(y).type(torch.float).sum().item();
    }
  });
  testLoss /= numBatches;
  correct /= size;
  console.log(`Test Error: \n Accuracy: ${(100 * correct).toFixed(1)}%, Avg loss: ${testLoss.toFixed(6).padStart(8)} \n`);
}

const epochs = Number(process.env.PORT_EPOCHS ?? 5);
for (let t = 0; t < epochs; t++) {
  console.log(`Epoch ${t + 1}\n-------------------------------`);
  train(trainDataloader, model, lossFn, optimizer);
  test(testDataloader, model, lossFn);
}
console.log('Done!');

const path = join(process.env.PORT_OUT ?? '.', 'model.pth');
torch.save(model.stateDict(), path);
console.log('Saved PyTorch Model State to model.pth');

model = new NeuralNetwork().to(device);
model.loadStateDict(torch.load(path, { weightsOnly: true }) as nn.StateDict);

const classes = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

model.eval();
let [x, y] = [testData[0]![0], testData[0]![1]];
torch.noGrad(() => {
  x = x.to(device);
  const pred = model(x);
  const [predicted, actual] = [classes[Number(pred.select(0, 0).argmax(0))], classes[y]];
  console.log(`Predicted: "${predicted}", Actual: "${actual}"`);
});
