// bin/torch-node-run.mjs, torchrun for Node: the ranks' environment, a failed rank ending the job
// with a summary naming it, and signals forwarded to the ranks. Every launch has a hard time limit.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp.js';

const launcher = fileURLToPath(new URL('../../bin/torch-node-run.mjs', import.meta.url));
const dir = tempDir('torch-node-run-');

function script(name: string, code: string): string {
  const path = join(dir, name);
  writeFileSync(path, code);
  return path;
}

interface Launch { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; timedOut: boolean; ms: number }

function launch(args: string[], options: { timeoutMs?: number; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void; env?: NodeJS.ProcessEnv } = {}): Promise<Launch> {
  const start = Date.now();
  const child = spawn(process.execPath, [launcher, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; options.onStdout?.(stdout, child); });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut, ms: Date.now() - start });
    });
  });
}

const ENV_KEYS = ['RANK', 'LOCAL_RANK', 'WORLD_SIZE', 'LOCAL_WORLD_SIZE', 'GROUP_RANK', 'ROLE_RANK', 'ROLE_WORLD_SIZE',
  'MASTER_ADDR', 'MASTER_PORT', 'TORCHELASTIC_RESTART_COUNT', 'OMP_NUM_THREADS'];
const printEnv = script('env.mjs', `
const keys = ${JSON.stringify(ENV_KEYS)};
console.log(JSON.stringify({ env: Object.fromEntries(keys.map((k) => [k, process.env[k]])), args: process.argv.slice(2) }));
`);

function envLines(stdout: string): { env: Record<string, string>; args: string[] }[] {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as { env: Record<string, string>; args: string[] })
    .sort((a, b) => Number(a.env.RANK) - Number(b.env.RANK));
}

describe('torch-node-run', () => {
  it("sets torchrun's environment for each rank and passes the script's arguments", async () => {
    const r = await launch(['--nproc-per-node', '3', '--master-port', '29777', printEnv, '--lr', '0.1'], { env: { OMP_NUM_THREADS: undefined } });
    expect(r.status).toBe(0);
    const lines = envLines(r.stdout);
    expect(lines.map((l) => l.env)).toEqual([0, 1, 2].map((rank) => ({
      RANK: String(rank), LOCAL_RANK: String(rank), WORLD_SIZE: '3', LOCAL_WORLD_SIZE: '3', GROUP_RANK: '0',
      ROLE_RANK: String(rank), ROLE_WORLD_SIZE: '3', MASTER_ADDR: '127.0.0.1', MASTER_PORT: '29777',
      TORCHELASTIC_RESTART_COUNT: '0', OMP_NUM_THREADS: '1',
    })));
    for (const l of lines) expect(l.args).toEqual(['--lr', '0.1']);
  });

  it('numbers ranks across nodes (--nnodes, --node-rank) and accepts torchrun\'s underscore spellings', async () => {
    const r = await launch(['--nnodes=2', '--node_rank=1', '--nproc_per_node=2', '--master-addr', '10.0.0.5', printEnv]);
    expect(r.status).toBe(0);
    expect(envLines(r.stdout).map((l) => [l.env.RANK, l.env.LOCAL_RANK, l.env.WORLD_SIZE, l.env.GROUP_RANK, l.env.MASTER_ADDR, l.env.MASTER_PORT]))
      .toEqual([['2', '0', '4', '1', '10.0.0.5', '29500'], ['3', '1', '4', '1', '10.0.0.5', '29500']]);
  });

  it('--standalone picks a free port', async () => {
    const r = await launch(['--standalone', '--nproc-per-node', '2', printEnv]);
    expect(r.status).toBe(0);
    const ports = envLines(r.stdout).map((l) => Number(l.env.MASTER_PORT));
    expect(ports[0]).toBe(ports[1]);
    expect(ports[0]).toBeGreaterThan(0);
  });

  it('a failed rank terminates the others; the summary names it and its exit code', async () => {
    const s = script('fail.mjs', `
if (process.env.RANK === '1') { setTimeout(() => process.exit(7), 300); }
else setInterval(() => {}, 1000);
`);
    const r = await launch(['--nproc-per-node', '3', s], { timeoutMs: 20_000 });
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${s} FAILED`);
    expect(r.stderr).toMatch(/Root Cause \(first observed failure\):\n\[0\]:\n[\s\S]*rank {6}: 1 \(local_rank: 1\)\n {2}exitcode {2}: 7 \(pid: \d+\)/);
    expect(r.stderr).toContain('<NO_OTHER_FAILURES>');
  });

  it('a rank killed by a signal is reported with the negative signal number', async () => {
    const s = script('kill.mjs', `
if (process.env.RANK === '0') setTimeout(() => process.kill(process.pid, 'SIGKILL'), 200);
else setInterval(() => {}, 1000);
`);
    const r = await launch(['--nproc-per-node', '2', s], { timeoutMs: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/rank {6}: 0 \(local_rank: 0\)\n {2}exitcode {2}: -9 \(pid: \d+\)/);
    expect(r.stderr).toMatch(/Signal 9 \(SIGKILL\) received by PID \d+/);
  });

  it('forwards SIGINT and SIGTERM to every rank', async () => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      const s = script(`sig-${sig}.mjs`, `
process.on('${sig}', () => { console.log('rank ' + process.env.RANK + ' got ${sig}'); process.exit(0); });
console.log('ready ' + process.env.RANK);
setInterval(() => {}, 1000);
`);
      let sent = false;
      const r = await launch(['--nproc-per-node', '2', s], {
        timeoutMs: 20_000,
        onStdout: (text, child) => {
          if (!sent && text.includes('ready 0') && text.includes('ready 1')) { sent = true; child.kill(sig); }
        },
      });
      expect(r.timedOut).toBe(false);
      expect(r.stdout).toContain(`rank 0 got ${sig}`);
      expect(r.stdout).toContain(`rank 1 got ${sig}`);
      expect(r.stderr).toContain(`received ${sig}, forwarding it to the ranks`);
      expect(r.status).toBe(sig === 'SIGINT' ? 130 : 143);
    }
  });

  it('its ranks form a process group over env:// and train with DDP', async () => {
    const entry = fileURLToPath(new URL('../../dist/lib/index.js', import.meta.url));
    const s = script('ddp.mjs', `
import * as torch from ${JSON.stringify(entry)};
const dist = torch.distributed;
dist.initProcessGroup({ backend: 'gloo', timeout: 30_000 });
torch.manualSeed(dist.getRank());
const ddp = new torch.nn.parallel.DistributedDataParallel(new torch.nn.Linear(3, 1));
ddp(torch.randn([4, 3])).sum().backward();
console.log(JSON.stringify({ rank: dist.getRank(), world: dist.getWorldSize(), grad: ddp.module.weight.grad.tolist() }));
dist.destroyProcessGroup();
`);
    const r = await launch(['--standalone', '--nproc-per-node', '2', s], { timeoutMs: 60_000 });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { rank: number; world: number; grad: number[][] })
      .sort((a, b) => a.rank - b.rank);
    expect(lines.map((l) => [l.rank, l.world])).toEqual([[0, 2], [1, 2]]);
    expect(lines[0]!.grad).toEqual(lines[1]!.grad);  // averaged across the ranks
  }, 90_000);

  it('bad command lines are usage errors (exit 2)', async () => {
    const none = await launch(['--nproc-per-node', '2']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('the following arguments are required: training_script');
    const bad = await launch(['--nproc-per-node', 'x', printEnv]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("argument --nproc-per-node: invalid int value: 'x'");
    const unknown = await launch(['--frobnicate', printEnv]);
    expect(unknown.stderr).toContain('unrecognized arguments: --frobnicate');
  });
});
