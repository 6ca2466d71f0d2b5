// DataLoader throughput over an ImageFolder of JPEGs: images per second for one epoch with 0, 1
// and 2 workers, Node (torch-node/vision's ImageFolder, sharp decoding, worker threads) against
// Python's DataLoader (torchvision's ImageFolder, PIL decoding, worker processes:
// bench/python/dataloader.py, a child process) on the same files with the same transforms:
// RandomResizedCrop(224) + RandomHorizontalFlip + ToTensor + Normalize, batch size 32, shuffled.
// PIL and torchvision's tensor path resample differently (the pixels differ; the work is the same
// kind). Node and Python alternate per configuration so that both see the same machine load.
// The images (500 x 375 RGB JPEGs of smooth shapes and noise, 10 class folders) are written once
// into .cache/bench-dataloader/ (or --root). Node runs `for...of` (the main thread blocks while it
// waits) and, with 0 workers, also `for await` (getItemAsync: sharp decodes off the thread).
// Prints images/s and the Node/Python ratios (target >= 1.0 at 2 workers).
// Usage: node bench/dataloader.mjs [--images 5000] [--limit N] [--workers 0,1,2] [--batch 32] [--repeats 1] [--json out.json]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const IMAGES = Number(opt('--images', 5000));
const LIMIT = Number(opt('--limit', IMAGES));
const WORKERS = opt('--workers', '0,1,2').split(',').map(Number);
const BATCH = Number(opt('--batch', 32));
const REPEATS = Number(opt('--repeats', 1));
const root = opt('--root', join(here, '..', '.cache', 'bench-dataloader', `imagefolder-${IMAGES}`));
const jsonOut = opt('--json', undefined);
const SEED = 0;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const torch = await import('../dist/lib/index.js');
const { datasets, transforms } = await import('../dist/lib/vision/index.js');
const sharp = createRequire(import.meta.url)('sharp');

/** 10 classes of 500 x 375 JPEGs (quality 90): gradients, a few shapes and some noise, like photos in size and entropy. */
async function makeImages() {
  const done = join(root, '.complete');
  if (existsSync(done)) return;
  console.error(`writing ${IMAGES} JPEGs into ${root} (once)...`);
  const W = 500;
  const H = 375;
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < IMAGES; i++) {
    const cls = `class${String(i % 10).padStart(2, '0')}`;
    mkdirSync(join(root, cls), { recursive: true });
    const px = Buffer.alloc(W * H * 3);
    const [a, b, c] = [rand() * 255, rand() * 255, rand() * 255];
    const cx = rand() * W;
    const cy = rand() * H;
    const r2 = (40 + rand() * 120) ** 2;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const o = (y * W + x) * 3;
        const inside = (x - cx) ** 2 + (y - cy) ** 2 < r2;
        const n = (rand() - 0.5) * 24;
        px[o] = Math.max(0, Math.min(255, (inside ? 255 - a : a) * (x / W) + n + 30));
        px[o + 1] = Math.max(0, Math.min(255, (inside ? b / 2 : b) * (y / H) + n + 30));
        px[o + 2] = Math.max(0, Math.min(255, c * ((x + y) / (W + H)) + n + 30));
      }
    }
    await sharp(px, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 90 }).toFile(join(root, cls, `img${String(i).padStart(5, '0')}.jpg`));
  }
  writeFileSync(done, `${IMAGES}\n`);
}

/** Reads every file once, so that neither side's first run pays for the disk. */
function warmPageCache() {
  for (const cls of readdirSync(root)) {
    if (cls.startsWith('.')) continue;
    for (const f of readdirSync(join(root, cls))) readFileSync(join(root, cls, f));
  }
}

function nodeDataset() {
  const tf = transforms.Compose([
    transforms.RandomResizedCrop(224),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
  ]);
  const full = new datasets.ImageFolder(root, { transform: tf });
  return new torch.utils.data.Subset(full, Array.from({ length: Math.min(LIMIT, full.length) }, (_, i) => i));
}

async function nodeEpoch(workers, mode) {
  const ds = nodeDataset();
  torch.manualSeed(SEED);
  const loader = new torch.utils.data.DataLoader(ds, { batchSize: BATCH, shuffle: true, numWorkers: workers });
  let n = 0;
  const t = performance.now();
  if (mode === 'async') {
    for await (const [x] of loader) { n += x.shape[0]; x.dispose(); }
  } else {
    for (const [x] of loader) { n += x.shape[0]; x.dispose(); }
  }
  return { images: n, seconds: (performance.now() - t) / 1000 };
}

function pythonEpoch(workers) {
  const r = spawnSync('python3', [join(here, 'python', 'dataloader.py'), root, String(workers), String(BATCH), String(LIMIT), String(SEED)],
    { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

await makeImages();
warmPageCache();
const rows = [];
for (const workers of WORKERS) {
  const modes = workers === 0 ? ['sync', 'async'] : ['sync'];
  const node = Object.fromEntries(modes.map((m) => [m, []]));
  const python = [];
  for (let r = 0; r < REPEATS; r++) {
    for (const m of modes) {
      const e = await nodeEpoch(workers, m);
      node[m].push(e.images / e.seconds);
    }
    const p = pythonEpoch(workers);
    python.push(p.images / p.seconds);
  }
  const py = median(python);
  for (const m of modes) {
    const ips = median(node[m]);
    rows.push({ workers, mode: m, node: ips, python: py, ratio: ips / py });
  }
}

console.log(`DataLoader over ImageFolder: ${LIMIT} JPEGs (500 x 375), RandomResizedCrop(224) + flip + ToTensor + Normalize, batch ${BATCH}; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load ${loadavg()[0].toFixed(2)}; median of ${REPEATS}`);
console.log('| workers | Node loop | Node images/s | Python images/s | Node / Python |');
console.log('|---:|---|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.workers} | ${r.mode === 'sync' ? 'for...of' : 'for await'} | ${r.node.toFixed(1)} | ${r.python.toFixed(1)} | ${r.ratio.toFixed(2)}x |`);
}
if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify({ images: LIMIT, batch: BATCH, rows }, null, 2));
