#!/usr/bin/env node
// torch-node-run: torchrun for Node scripts. Starts --nproc-per-node processes of `node script`
// on this machine with torchrun's environment (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE,
// GROUP_RANK, ROLE_RANK, ROLE_WORLD_SIZE, MASTER_ADDR, MASTER_PORT, TORCHELASTIC_RUN_ID, ...), so
// `torch.distributed.initProcessGroup()` (init method env://) joins them into one job, with other
// machines started the same way (--nnodes, --node-rank) and with Python ranks started by torchrun.
// SIGINT/SIGTERM/SIGHUP/SIGQUIT are forwarded to every rank; when a rank fails the others are
// terminated and the launcher exits 1 with a summary naming the failed rank, as torchrun's
// ChildFailedError does.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { constants } from 'node:os';

const USAGE = `usage: torch-node-run [--nproc-per-node N] [--nnodes M] [--node-rank R] [--master-addr A]
                      [--master-port P] [--standalone] [--run-id ID] script.js [args ...]

Starts N processes of \`node script.js args\` with torchrun's environment variables.
  --nproc-per-node N   processes on this node (default 1)
  --nnodes M           number of nodes (default 1)
  --node-rank R        this node's rank, 0 .. M-1 (default 0)
  --master-addr A      address of rank 0's node (default 127.0.0.1)
  --master-port P      its port for the TCPStore (default 29500)
  --standalone         a single node on a free port of localhost
  --run-id ID          TORCHELASTIC_RUN_ID (default: none)
  --monitor-interval S how often ranks are checked (accepted for torchrun compatibility)`;

/** A failure of the command line: the usage and the message, exit code 2 (argparse's). */
function usageError(message) {
  process.stderr.write(`${USAGE}\ntorch-node-run: error: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { nprocPerNode: 1, nnodes: 1, nodeRank: 0, masterAddr: null, masterPort: null, standalone: false, runId: 'none' };
  const ints = { 'nproc-per-node': 'nprocPerNode', nnodes: 'nnodes', 'node-rank': 'nodeRank', 'master-port': 'masterPort' };
  const strings = { 'master-addr': 'masterAddr', 'run-id': 'runId', 'monitor-interval': null, 'rdzv-backend': null, 'rdzv-endpoint': null };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { i++; break; }
    if (!arg.startsWith('--')) break;
    if (arg === '--help' || arg === '-h') { process.stdout.write(`${USAGE}\n`); process.exit(0); }
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
    name = name.replace(/_/g, '-');  // torchrun accepts --nproc_per_node too
    if (name === 'standalone') { opts.standalone = true; continue; }
    if (!(name in ints) && !(name in strings)) usageError(`unrecognized arguments: ${arg}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) usageError(`argument --${name}: expected one argument`);
      value = argv[++i];
    }
    if (name in ints) {
      if (name === 'nproc-per-node' && value === 'auto') { opts.nprocPerNode = 1; continue; }
      if (!/^\d+$/.test(value)) usageError(`argument --${name}: invalid int value: '${value}'`);
      opts[ints[name]] = Number(value);
    } else if (strings[name] !== null) {
      opts[strings[name]] = value;
    }
  }
  if (i >= argv.length) usageError('the following arguments are required: training_script');
  opts.script = argv[i];
  opts.scriptArgs = argv.slice(i + 1);
  if (opts.nprocPerNode < 1) usageError('--nproc-per-node must be at least 1');
  if (opts.nnodes < 1) usageError('--nnodes must be at least 1');
  if (opts.nodeRank >= opts.nnodes) usageError(`--node-rank ${opts.nodeRank} must be less than --nnodes ${opts.nnodes}`);
  if (opts.standalone && opts.nnodes !== 1) usageError('--standalone runs a single node (--nnodes 1)');
  return opts;
}

/** A port nobody listens on now (the OS's choice for port 0). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const opts = parseArgs(process.argv.slice(2));
const masterAddr = opts.standalone ? '127.0.0.1' : (opts.masterAddr ?? '127.0.0.1');
const masterPort = opts.standalone ? await freePort() : (opts.masterPort ?? 29500);
const localWorldSize = opts.nprocPerNode;
const worldSize = opts.nnodes * localWorldSize;

const baseEnv = { ...process.env };
if (localWorldSize > 1 && baseEnv.OMP_NUM_THREADS === undefined) {
  // torchrun's default: one intra-op thread per process, so N ranks do not oversubscribe the cores.
  process.stderr.write('torch-node-run: setting OMP_NUM_THREADS to 1 for each process (set it to tune)\n');
  baseEnv.OMP_NUM_THREADS = '1';
}

/** The children, by local rank: { child, rank, pid, exit: null | { code, signal, time } }. */
const ranks = [];
let firstFailure = null;
let terminating = false;
let receivedSignal = null;

for (let localRank = 0; localRank < localWorldSize; localRank++) {
  const rank = opts.nodeRank * localWorldSize + localRank;
  const env = {
    ...baseEnv,
    RANK: String(rank), LOCAL_RANK: String(localRank), GROUP_RANK: String(opts.nodeRank),
    ROLE_RANK: String(rank), ROLE_NAME: 'default', ROLE_WORLD_SIZE: String(worldSize),
    WORLD_SIZE: String(worldSize), LOCAL_WORLD_SIZE: String(localWorldSize), GROUP_WORLD_SIZE: String(opts.nnodes),
    MASTER_ADDR: masterAddr, MASTER_PORT: String(masterPort),
    TORCHELASTIC_RESTART_COUNT: '0', TORCHELASTIC_MAX_RESTARTS: '0', TORCHELASTIC_RUN_ID: opts.runId,
    TORCH_NODE_RUN: '1',
  };
  const child = spawn(process.execPath, [opts.script, ...opts.scriptArgs], { env, stdio: 'inherit' });
  const entry = { child, rank, localRank, pid: child.pid, exit: null };
  ranks.push(entry);
  child.on('error', (error) => {
    process.stderr.write(`torch-node-run: rank ${rank} could not start: ${error.message}\n`);
  });
  child.on('exit', (code, signal) => {
    entry.exit = { code, signal, time: new Date() };
    const failed = code !== 0;
    if (failed && firstFailure === null && !terminating) {
      firstFailure = entry;
      terminateAll('SIGTERM');
    }
    if (ranks.every((r) => r.exit !== null)) finish();
  });
}

/** Ends the remaining ranks: the signal now, SIGKILL after a grace period (torchrun's 30 s; 5 s here unless set). */
function terminateAll(signal) {
  terminating = true;
  for (const r of ranks) if (r.exit === null) r.child.kill(signal);
  const grace = Number(process.env.TORCH_NODE_RUN_KILL_GRACE_MS ?? 5000);
  setTimeout(() => { for (const r of ranks) if (r.exit === null) r.child.kill('SIGKILL'); }, grace).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']) {
  process.on(signal, () => {
    receivedSignal = signal;
    process.stderr.write(`torch-node-run: received ${signal}, forwarding it to the ranks\n`);
    terminating = true;
    for (const r of ranks) if (r.exit === null) r.child.kill(signal);
    const grace = Number(process.env.TORCH_NODE_RUN_KILL_GRACE_MS ?? 5000);
    setTimeout(() => { for (const r of ranks) if (r.exit === null) r.child.kill('SIGKILL'); }, grace).unref();
  });
}

/** torchrun's exitcode: negative signal number when a signal ended the rank. */
function exitcodeOf(exit) {
  if (exit.signal) return -(constants.signals[exit.signal] ?? 0);
  return exit.code;
}

function finish() {
  if (receivedSignal !== null) {
    process.exit(128 + (constants.signals[receivedSignal] ?? 0));
  }
  if (firstFailure === null) process.exit(0);
  const line = '='.repeat(60);
  const rule = '-'.repeat(60);
  const describe = (r) => {
    const code = exitcodeOf(r.exit);
    const detail = r.exit.signal ? `Signal ${constants.signals[r.exit.signal]} (${r.exit.signal}) received by PID ${r.pid}` : 'To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html';
    return [
      `  time      : ${r.exit.time.toISOString().replace('T', '_').slice(0, 19)}`,
      `  host      : ${hostname()}`,
      `  rank      : ${r.rank} (local_rank: ${r.localRank})`,
      `  exitcode  : ${code} (pid: ${r.pid})`,
      '  error_file: <N/A>',
      `  traceback : ${detail}`,
    ].join('\n');
  };
  // Ranks that failed on their own, not those terminated because of the first failure.
  const others = ranks.filter((r) => r !== firstFailure && r.exit.code !== 0 && r.exit.signal !== 'SIGTERM' && r.exit.signal !== 'SIGKILL');
  const failures = others.length === 0 ? '  <NO_OTHER_FAILURES>' : others.map((r, k) => `[${k + 1}]:\n${describe(r)}`).join('\n');
  process.stderr.write([
    `torch-node-run: ChildFailedError:`,
    line,
    `${opts.script} FAILED`,
    rule,
    'Failures:',
    failures,
    rule,
    'Root Cause (first observed failure):',
    `[0]:\n${describe(firstFailure)}`,
    line,
    '',
  ].join('\n'));
  process.exit(1);
}
