// "Neural Networks" (pytorch/tutorials beginner_source/blitz/neural_networks_tutorial.py) ported
// line for line; neural_networks.py beside it is the Python it is checked against.
import * as torch from '../../lib/index.js';
import { nn, Tensor } from '../../lib/index.js';
const F = nn.functional;

torch.manualSeed(0);

class Net extends nn.Module {
  conv1: nn.Conv2d;
  conv2: nn.Conv2d;
  fc1: nn.Linear;
  fc2: nn.Linear;
  fc3: nn.Linear;

  constructor() {
    super();
    // 1 input image channel, 6 output channels, 5x5 square convolution
    // kernel
    this.conv1 = new nn.Conv2d(1, 6, 5);
    this.conv2 = new nn.Conv2d(6, 16, 5);
    // an affine operation: y = Wx + b
    this.fc1 = new nn.Linear(16 * 5 * 5, 120); // 5*5 from image dimension
    this.fc2 = new nn.Linear(120, 84);
    this.fc3 = new nn.Linear(84, 10);
  }

  forward(input: Tensor): Tensor {
    // Convolution layer C1, outputs (N, 6, 28, 28)
    const c1 = F.relu(this.conv1(input));
    // Subsampling layer S2, outputs (N, 6, 14, 14)
    const s2 = F.maxPool2d(c1, [2, 2]);
    // Convolution layer C3, outputs (N, 16, 10, 10)
    const c3 = F.relu(this.conv2(s2));
    // Subsampling layer S4, outputs (N, 16, 5, 5)
    let s4 = F.maxPool2d(c3, 2);
    // Flatten operation, outputs (N, 400)
    s4 = torch.flatten(s4, 1);
    // Fully connected layer F5, outputs (N, 120)
    const f5 = F.relu(this.fc1(s4));
    // Fully connected layer F6, outputs (N, 84)
    const f6 = F.relu(this.fc2(f5));
    // Gaussian layer OUTPUT, outputs (N, 10)
    const output = this.fc3(f6);
    return output;
  }
}

const net = new Net();
console.log(String(net));

const params = [...net.parameters()];
console.log(params.length);
console.log(String(params[0]!.size())); // conv1's .weight

const input = torch.randn(1, 1, 32, 32);
const out = net(input);
console.log(String(out));

net.zeroGrad();
out.backward(torch.randn(1, 10));

let output = net(input);
let target = torch.randn(10); // a dummy target, for example
target = target.view(1, -1); // make it the same shape as output
const criterion = new nn.MSELoss();

let loss = criterion(output, target);
console.log(String(loss));

console.log(loss.gradFn!.name()); // MSELoss
console.log(loss.gradFn!.nextFunctions[0]![0]!.name()); // Linear
console.log(loss.gradFn!.nextFunctions[0]![0]!.nextFunctions[0]![0]!.name()); // ReLU

net.zeroGrad(); // zeroes the gradient buffers of all parameters

console.log('conv1.bias.grad before backward');
console.log(String(net.conv1.bias!.grad));

loss.backward();

console.log('conv1.bias.grad after backward');
console.log(String(net.conv1.bias!.grad));

const learningRate = 0.01;
for (const f of net.parameters()) {
  f.data.sub_(f.grad!.data.mul(learningRate));
}

// create your optimizer
const optimizer = new torch.optim.SGD(net.parameters(), { lr: 0.01 });

// in your training loop:
optimizer.zeroGrad(); // zero the gradient buffers
output = net(input);
loss = criterion(output, target);
loss.backward();
optimizer.step(); // Does the update

console.log(String(criterion(net(input), target)));
