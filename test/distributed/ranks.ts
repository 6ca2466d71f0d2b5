// Starts the ranks of a distributed job as child processes: node ranks run a snippet of ES module
// code with the built package imported as `torch` (and `dist` = torch.distributed), python3 ranks a
// Python snippet with `torch` and `dist` = torch.distributed. Each rank gets RANK, WORLD_SIZE,
// MASTER_ADDR and MASTER_PORT (a free port) as torchrun sets them, and a hard time limit: a hang
// fails the test instead of stalling it. A rank reports with `report(value)` (JSON on stdout).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../dist/lib/index.js', import.meta.url));
const MARK = '@@RESULT@@';

/** A finished rank: exit status (null when killed), its signal, output, and what it reported. */
export interface RankResult {
  rank: number;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The values the rank passed to report(), in order. */
  reports: unknown[];
  /** True when the time limit killed it. */
  timedOut: boolean;
  /** Milliseconds from start to exit. */
  ms: number;
}

/** A port nobody listens on now (the OS's choice for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One rank: 'node' code or 'python' code. */
export type RankSpec = { node: string } | { python: string };

export interface JobOptions {
  /** Hard limit per rank in ms (default 60 s). */
  timeoutMs?: number;
  /** Extra environment for every rank (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** Per-rank extra environment. */
  rankEnv?: (rank: number) => Record<string, string | undefined>;
  /** MASTER_PORT (default: a free port). */
  port?: number;
  /** WORLD_SIZE given to the ranks (default: the number of ranks). */
  worldSize?: number;
}

const NODE_PRELUDE = `import * as torch from ${JSON.stringify(entry)};
const dist = torch.distributed;
const rank = Number(process.env.RANK), worldSize = Number(process.env.WORLD_SIZE);
function report(value) { process.stdout.write(${JSON.stringify(MARK)} + JSON.stringify(value) + '\\n'); }
`;

const PY_PRELUDE = `import json, os, sys, datetime
import torch
import torch.distributed as dist
rank = int(os.environ['RANK']); world_size = int(os.environ['WORLD_SIZE'])
def report(value):
    sys.stdout.write(${JSON.stringify(MARK)} + json.dumps(value) + '\\n'); sys.stdout.flush()
`;

function runOne(rank: number, spec: RankSpec, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RankResult> {
  const start = Date.now();
  const child = 'node' in spec
    ? spawn(process.execPath, ['--input-type=module', '-e', NODE_PRELUDE + spec.node], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('python3', ['-c', PY_PRELUDE + spec.python], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const reports = stdout.split('\n').filter((l) => l.startsWith(MARK)).map((l) => JSON.parse(l.slice(MARK.length)) as unknown);
      resolve({ rank, status, signal, stdout, stderr, reports, timedOut, ms: Date.now() - start });
    });
  });
}

/**
 * Runs one process per spec (rank i = specs[i]) and resolves when all have exited.
 * @example const results = await runJob([{ node: 'dist.initProcessGroup(); report(dist.getRank())' }, ...]);
 */
export async function runJob(specs: RankSpec[], options: JobOptions = {}): Promise<RankResult[]> {
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npx tsc -p tsconfig.json\` first`);
  const port = options.port ?? await freePort();
  const worldSize = options.worldSize ?? specs.length;
  return Promise.all(specs.map((spec, rank) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env, RANK: String(rank), WORLD_SIZE: String(worldSize), LOCAL_RANK: String(rank),
      MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), OMP_NUM_THREADS: '1',
    };
    for (const [k, v] of Object.entries({ ...options.env, ...options.rankEnv?.(rank) })) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return runOne(rank, spec, env, options.timeoutMs ?? 60_000);
  }));
}

/** The same node code on n ranks. @example await runNodeRanks(2, 'dist.initProcessGroup(); report(1)') */
export function runNodeRanks(n: number, code: string, options: JobOptions = {}): Promise<RankResult[]> {
  return runJob(Array.from({ length: n }, () => ({ node: code })), options);
}

/** Throws with every rank's output unless all exited 0. */
export function expectAllOk(results: RankResult[]): void {
  const bad = results.filter((r) => r.status !== 0);
  if (bad.length === 0) return;
  throw new Error(bad.map((r) => `rank ${r.rank}: status ${r.status} signal ${r.signal}${r.timedOut ? ' (timed out)' : ''}\n` +
    `stdout: ${r.stdout.slice(-2000)}\nstderr: ${r.stderr.slice(-4000)}`).join('\n'));
}
