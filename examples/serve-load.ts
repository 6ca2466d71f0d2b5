// Load generator for examples/serve.ts: `concurrency` clients post /predict back to back for
// `seconds`, over keep-alive connections; prints requests/s and latency percentiles as JSON.
//   node dist/examples/serve-load.js [--url http://127.0.0.1:8080/predict] [--concurrency 4]
//        [--seconds 5] [--batch 1]
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

export interface LoadOptions { url: string; concurrency: number; seconds: number; batch: number }
export interface LoadResult {
  requests: number; errors: number; seconds: number; requestsPerSecond: number;
  p50Ms: number; p99Ms: number; maxMs: number;
}

const USAGE = 'usage: node dist/examples/serve-load.js [--url URL] [--concurrency 4] [--seconds 5] [--batch 1]';

export function parseLoadArgs(argv: string[]): LoadOptions {
  const o: LoadOptions = { url: 'http://127.0.0.1:8080/predict', concurrency: 4, seconds: 5, batch: 1 };
  const num = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min) throw new RangeError(`${flag} needs a number >= ${min} (got ${v ?? 'nothing'})\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    switch (flag) {
      case '--url': o.url = argv[++i] ?? o.url; break;
      case '--concurrency': o.concurrency = Math.floor(num(flag, argv[++i], 1)); break;
      case '--seconds': o.seconds = num(flag, argv[++i], 0.1); break;
      case '--batch': o.batch = Math.floor(num(flag, argv[++i], 1)); break;
      default: throw new RangeError(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  return o;
}

function post(agent: Agent, url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number): number => sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/** Runs the load and measures it. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const url = new URL(o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const row = Array.from({ length: 784 }, (_, i) => ((i * 37) % 255) / 255);
  const body = JSON.stringify({ inputs: Array.from({ length: o.batch }, () => row) });
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const stop = t0 + o.seconds * 1000;
  const client = async () => {
    while (performance.now() < stop) {
      const t = performance.now();
      try {
        const status = await post(agent, url, body);
        if (status === 200) latencies.push(performance.now() - t);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length, errors, seconds, requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), maxMs: latencies[latencies.length - 1] ?? NaN,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runLoad(parseLoadArgs(process.argv.slice(2))).then((r) => console.log(JSON.stringify(r)), (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
