// End-to-end consumer program (CommonJS): the same training as train.mjs through
// require('torch-node'), which must give the same losses.
'use strict';
const { readFileSync } = require('node:fs');
const torch = require('torch-node');
const { nn, optim } = torch;

torch.manualSeed(0);
const x = torch.randn(64, 8);
const y = x.narrow(1, 0, 1).mul(2).sub(x.narrow(1, 1, 1)).add(torch.randn(64, 1).mul(0.1));
const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 1));
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const criterion = new nn.MSELoss();
const losses = [];
for (let step = 0; step < 10; step++) {
  const loss = criterion(model(x), y);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  losses.push(loss.item());
}

const libs = [...new Set(readFileSync('/proc/self/maps', 'utf8').split('\n')
  .map((l) => l.slice(l.indexOf('/')))
  .filter((p) => /\/(torch_node\.node|libtorch_cpu\.so|libc10\.so)$/.test(p)))].sort();
console.log(JSON.stringify({ program: 'cjs', node: process.version, libtorch: torch.libtorchVersion, loss: losses.at(-1), losses, libs }));
