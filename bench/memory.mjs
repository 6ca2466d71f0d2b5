// Memory of ordinary synchronous loops, with no dispose/tidy/await: Node (this binding) vs Python
// PyTorch on the same LibTorch, in one run. Cases: 1,000,000 small-tensor ops; 10,000 iterations
// each creating a 4 MB tensor; the article's silu_module MLP training (784-256-128-64-10, Adam lr
// 0.003, NLLLoss, batch 64, Fashion-MNIST) with a randperm loop ('train'); and the article's four
// trainings exactly as the article writes them, over the DataLoader (the default cases).
// Prints peak RSS (Node/Python ratio; target <= 1.2) and per-chunk/per-epoch peaks (flatness:
// last / first; target <= 1.1).
// Usage: node bench/memory.mjs [small|big|train|silu_sequential|silu_module|soft_exponential|brelu ...]
//                             [--epochs N] [--limit BATCHES]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const epochs = opt('--epochs', 5);
const limit = opt('--limit', 0);
const cases = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
const ARTICLE_CASES = ['silu_sequential', 'silu_module', 'soft_exponential', 'brelu'];
const rssMB = () => process.memoryUsage.rss() / 1e6;

async function runNodeCase(name) {
  const torch = await import('../dist/lib/index.js');
  torch.setNumThreads(1);
  torch.manualSeed(0);
  const chunks = [];
  const t0 = performance.now();
  if (name === 'small') {
    const a = torch.ones(4);
    const b = torch.ones(4);
    for (let c = 0; c < 10; c++) {
      let m = 0;
      for (let i = 0; i < 100000; i++) {
        const y = a.mul(b).add(1);
        if (i % 1000 === 0) m = Math.max(m, rssMB());
      }
      chunks.push(m);
    }
  } else if (name === 'big') {
    for (let c = 0; c < 10; c++) {
      let m = 0;
      for (let i = 0; i < 1000; i++) {
        const y = torch.ones(1 << 20); // 4 MB
        if (i % 10 === 0) m = Math.max(m, rssMB());
      }
      chunks.push(m);
    }
  } else if (name === 'train') {
    const { nn, optim } = torch;
    const F = nn.functional;
    const readIdx = (file) => {
      const data = gunzipSync(readFileSync(join('/usr/share/datasets/fashion-mnist', file)));
      const ndim = data[3];
      const dims = [];
      for (let i = 0; i < ndim; i++) dims.push(data.readUInt32BE(4 + 4 * i));
      return torch.fromBuffer(new Uint8Array(data.buffer, data.byteOffset + 4 + 4 * ndim, dims.reduce((x, y) => x * y)), { shape: dims, share: false });
    };
    const images = readIdx('train-images-idx3-ubyte.gz');
    const labels = readIdx('train-labels-idx1-ubyte.gz').long();
    const n = images.shape[0];
    class MLP extends nn.Module {
      constructor() {
        super();
        this.fc1 = new nn.Linear(784, 256); this.fc2 = new nn.Linear(256, 128);
        this.fc3 = new nn.Linear(128, 64); this.fc4 = new nn.Linear(64, 10);
      }
      forward(x) {
        x = x.view(x.shape[0], -1);
        x = F.silu(this.fc1(x)); x = F.silu(this.fc2(x)); x = F.silu(this.fc3(x));
        return F.logSoftmax(this.fc4(x), 1);
      }
    }
    const model = new MLP();
    const optimizer = new optim.Adam(model.parameters(), { lr: 0.003 });
    const crit = new nn.NLLLoss();
    for (let e = 0; e < epochs; e++) {
      const perm = torch.randperm(n);
      let m = 0;
      let nb = 0;
      for (let i = 0; i < n; i += 64) {
        const idx = perm.narrow(0, i, Math.min(64, n - i));
        const x = images.indexSelect(0, idx).float().div_(255).view(-1, 784);
        const y = labels.indexSelect(0, idx);
        const loss = crit(model(x), y);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        loss.item();
        nb++;
        if (nb % 20 === 0) m = Math.max(m, rssMB());
        if (limit && nb >= limit) break;
      }
      chunks.push(m);
    }
  } else if (ARTICLE_CASES.includes(name)) {
    // The article's training as the article writes it: for...of over a shuffled DataLoader,
    // no dispose, no tidy, no await (examples/article_models.ts; Python: examples/article.py).
    const { nn, optim } = torch;
    const { datasets, transforms } = await import('../dist/lib/vision/index.js');
    const { ARTICLE_MODELS } = await import('../dist/examples/article_models.js');
    const trainset = new datasets.FashionMNIST(undefined, { train: true, transform: transforms.ToTensor() });
    const model = ARTICLE_MODELS.find(([n]) => n === name)[1]();
    const trainloader = new torch.utils.data.DataLoader(trainset, { batchSize: 64, shuffle: true });
    const criterion = new nn.NLLLoss();
    const optimizer = new optim.Adam(model.parameters(), { lr: 0.003 });
    for (let e = 0; e < epochs; e++) {
      let m = 0;
      let nb = 0;
      for (let [images, labels] of trainloader) {
        images = images.view(images.shape[0], -1);
        const loss = criterion(model(images), labels);
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        loss.item();
        nb++;
        if (nb % 20 === 0) m = Math.max(m, rssMB());
        if (limit && nb >= limit) break;
      }
      chunks.push(m);
    }
  } else {
    throw new Error(`unknown case ${name}`);
  }
  const peak = (process.resourceUsage().maxRSS * 1024) / 1e6;
  return { case: name, peak_mb: peak, chunk_peak_mb: chunks, seconds: (performance.now() - t0) / 1000 };
}

function runChild(args, cmd) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

if (argv[0] === '--child') {
  // One case per process, so that each peak RSS is its own.
  console.log(JSON.stringify(await runNodeCase(argv[1])));
} else {
  const list = cases.length ? cases : ['small', 'big', ...ARTICLE_CASES];
  const extra = ['--epochs', String(epochs), '--limit', String(limit)];
  console.log(`${'case'.padEnd(8)} ${'node MB'.padStart(8)} ${'py MB'.padStart(8)} ${'ratio'.padStart(6)} ${'flat n'.padStart(7)} ${'flat py'.padStart(7)}  node s / py s   per-chunk peaks (node | python)`);
  let ok = true;
  for (const c of list) {
    const py = await runChild([join(here, 'python', 'memory_reference.py'), c, ...extra], 'python3');
    const nd = await runChild([fileURLToPath(import.meta.url), '--child', c, ...extra], process.execPath);
    const ratio = nd.peak_mb / py.peak_mb;
    const flat = (r) => r.chunk_peak_mb[r.chunk_peak_mb.length - 1] / r.chunk_peak_mb[0];
    if (ratio > 1.2 || flat(nd) > 1.1) ok = false;
    const f = (xs) => xs.map((v) => v.toFixed(0)).join(' ');
    console.log(`${c.padEnd(8)} ${nd.peak_mb.toFixed(0).padStart(8)} ${py.peak_mb.toFixed(0).padStart(8)} ${ratio.toFixed(2).padStart(6)} ${flat(nd).toFixed(2).padStart(7)} ${flat(py).toFixed(2).padStart(7)}  ${nd.seconds.toFixed(1)} / ${py.seconds.toFixed(1)}   ${f(nd.chunk_peak_mb)} | ${f(py.chunk_peak_mb)}`);
  }
  console.log(ok ? 'all cases within target (peak <= 1.2x Python, last/first <= 1.1)' : 'some cases above target');
}
