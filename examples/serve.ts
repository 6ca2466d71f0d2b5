// Serving a TorchScript model over HTTP with forwardAsync: the model runs on the inference pool,
// so the event loop keeps accepting and answering requests while it computes.
//   npm run build:ts && node dist/examples/serve.js [--model model.pt] [--port 8080] [--threads 1]
//        [--intra-op N (default: torch.jit.setAsyncPool's)] [--train-batches 200]
// Without --model, the article's SiLU model is trained here for --train-batches batches of
// Fashion-MNIST (when the dataset is installed; else it stays untrained), traced with
// torch.jit.trace and saved (a Python model exported with torch.jit.save works the same way).
// POST /predict with {"inputs": [[784 numbers], ...]} answers {"classes": [...], "logProbs": [[...], ...]}.
// Load generator: examples/serve-load.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../lib/index.js';
import { nn, optim, Tensor } from '../lib/index.js';
import { datasets, transforms } from '../lib/vision/index.js';
import { siluSequential } from './article_models.js';

export interface ServeOptions {
  model: string | undefined; port: number; threads: number; intraOp: number | undefined; trainBatches: number; maxBodyBytes: number;
}

const USAGE = 'usage: node dist/examples/serve.js [--model model.pt] [--port 8080] [--threads 1] [--intra-op N] [--train-batches 200]';

export function parseServeArgs(argv: string[]): ServeOptions {
  const o: ServeOptions = { model: undefined, port: 8080, threads: 1, intraOp: undefined, trainBatches: 200, maxBodyBytes: 16 << 20 };
  const int = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) throw new RangeError(`${flag} needs an integer >= ${min} (got ${v ?? 'nothing'})\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    switch (flag) {
      case '--model': o.model = argv[++i]; break;
      case '--port': o.port = int(flag, argv[++i], 0); break;
      case '--threads': o.threads = int(flag, argv[++i], 1); break;
      case '--intra-op': o.intraOp = int(flag, argv[++i], 0); break;
      case '--train-batches': o.trainBatches = int(flag, argv[++i], 0); break;
      default: throw new RangeError(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return o;
}

/**
 * Trains the article's SiLU model for a few batches (when Fashion-MNIST is installed), traces it
 * and saves the TorchScript file; returns its path.
 */
export function exportArticleModel(dir: string, trainBatches: number): string {
  torch.manualSeed(0);
  const model = siluSequential();
  const root = '/usr/share/datasets/fashion-mnist';
  if (trainBatches > 0 && existsSync(root)) {
    const trainset = new datasets.FashionMNIST(root, { train: true, transform: transforms.ToTensor() });
    const loader = new torch.utils.data.DataLoader(trainset, { batchSize: 64, shuffle: true });
    const criterion = new nn.NLLLoss();
    const optimizer = new optim.Adam(model.parameters(), { lr: 0.003 });
    let step = 0;
    for (let [images, labels] of loader as Iterable<[Tensor, Tensor]>) {
      if (step++ >= trainBatches) break;
      images = images.view(images.shape[0]!, -1);
      const loss = criterion(model(images), labels) as Tensor;
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
    }
  }
  model.eval();
  const path = join(dir, 'article_silu.pt');
  torch.noGrad(() => torch.jit.trace(model, [torch.zeros(2, 784)])).save(path);
  return path;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { reject(Object.assign(new Error('request body too large'), { status: 413 })); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The inputs of a /predict body: a non-empty array of 784-number rows. */
function parseInputs(text: string): number[][] {
  let body: unknown;
  try { body = JSON.parse(text); } catch { throw Object.assign(new Error('body is not JSON'), { status: 400 }); }
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 4096 ||
      !inputs.every((r) => Array.isArray(r) && r.length === 784 && r.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    throw Object.assign(new Error('expected {"inputs": [[784 finite numbers], ...]} with 1 to 4096 rows'), { status: 400 });
  }
  return inputs as number[][];
}

/** Starts the server on a loaded TorchScript model; resolves once it listens. */
export async function startServer(model: torch.jit.ScriptModule, port: number, maxBodyBytes = 16 << 20): Promise<Server> {
  model.eval();
  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (req.method === 'GET' && req.url === '/health') { send(res, 200, { ok: true, pool: torch.jit.asyncPoolInfo() }); return; }
        if (req.method !== 'POST' || req.url !== '/predict') { send(res, 404, { error: 'POST /predict or GET /health' }); return; }
        const rows = parseInputs(await readBody(req, maxBodyBytes));
        const x = torch.tensor(rows);
        // Inference mode is captured at call time and applies on the pool thread.
        const logProbs = await torch.inferenceMode(() => model.forwardAsync(x)) as Tensor;
        const classes = logProbs.argmax(1).tolist() as number[];
        send(res, 200, { classes, logProbs: logProbs.tolist() });
      } catch (e) {
        const err = e as Error & { status?: number };
        send(res, err.status ?? 500, { error: err.message });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

async function main(): Promise<void> {
  const o = parseServeArgs(process.argv.slice(2));
  torch.jit.setAsyncPool({ threads: o.threads, intraOpThreads: o.intraOp });
  const path = o.model ?? exportArticleModel(mkdtempSync(join(tmpdir(), 'torch-node-serve-')), o.trainBatches);
  const model = torch.jit.load(path);
  const server = await startServer(model, o.port, o.maxBodyBytes);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : o.port;
  console.log(JSON.stringify({ listening: `http://127.0.0.1:${port}`, model: path, pool: torch.jit.asyncPoolInfo() }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
