// The fuzz parent: runs calls [start, start + calls) of a seed in child processes (test/fuzz/
// child.mjs), `jobs` at a time, and classifies each call: returned, js-error (by constructor),
// crash (the child died by a signal or exited abnormally during it) or hang (it ran past the
// per-call limit, and again past the long limit when re-run alone). A child that dies is
// replaced by one starting at the next call. Each new crash signature is re-run alone once, for
// its repro and to tell whether it needs the calls before it.
import { spawn, execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const childPath = fileURLToPath(new URL('./child.mjs', import.meta.url));
const checkerPath = fileURLToPath(new URL('./check_python_crash.py', import.meta.url));

/** test/fuzz/known_libtorch_crashes.json: aten operators whose crash Python shares. */
export function loadKnownCrashes() {
  return JSON.parse(readFileSync(new URL('./known_libtorch_crashes.json', import.meta.url), 'utf8')).crashes;
}

/** test/fuzz/known_python_hangs.json: calls without a Python twin that hang in python3 too. */
export function loadKnownHangs() {
  return JSON.parse(readFileSync(new URL('./known_python_hangs.json', import.meta.url), 'utf8')).hangs;
}

const SIGNAL_NAMES = { 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 11: 'SIGSEGV' };

/** The line of a dying child's stderr that says why (a C++ exception, V8's fatal error, ...). */
function stderrReason(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !/Warning:|UserWarning/.test(l));
  const hit = lines.find((l) => /terminate called|what\(\):|Fatal|FATAL|out of memory|Assertion|Check failed|Aborted|Segmentation/.test(l));
  return (hit ?? lines[lines.length - 1] ?? '').slice(0, 300);
}

/**
 * Runs one child over [from, to). Resolves when it exits: what it reported, the call it was in
 * when it died (`current`: { k, phase, info }) and how it ended.
 */
export function runChild({ seed, from, to, describe, list, skip, timeoutMs, memoryKb, heapMb, onResult }) {
  return new Promise((resolve) => {
    const args = ['--seed', String(seed), '--from', String(from), '--to', String(to), ...(describe ? ['--describe'] : []),
      ...(list ? ['--list'] : []), ...(skip?.length ? ['--skip', skip.join(',')] : [])];
    // ulimit -v bounds what one call can allocate (LibTorch then throws its OOM error, a JS
    // error) instead of letting 2**34-element tensors page the machine to death.
    const child = spawn('/bin/bash', ['-c', 'ulimit -v "$1" && shift && exec "$@"', 'fuzz-child', String(memoryKb),
      process.execPath, `--max-old-space-size=${heapMb}`, childPath, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const out = { current: null, lastFinished: null, done: false, timedOut: false, described: null, asyncErrors: 0, stderr: '', started: [] };
    let timer = null;
    const arm = (ms) => {
      clearTimeout(timer);
      timer = setTimeout(() => { out.timedOut = true; child.kill('SIGKILL'); }, ms);
    };
    arm(timeoutMs + 30_000); // start-up
    let buffered = '';
    child.stdio[3].setEncoding('utf8');
    child.stdio[3].on('data', (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const sp = line.indexOf(' ');
        const tag = sp < 0 ? line : line.slice(0, sp);
        const rest = line.slice(sp + 1);
        if (tag === 'S') {
          const sp2 = rest.indexOf(' ');
          out.current = { k: Number(rest.slice(0, sp2)), phase: 'setup', info: JSON.parse(rest.slice(sp2 + 1)) };
          out.started.push(out.current);
          out.stderr = ''; // what a dying call printed, not its predecessors' warnings
          arm(timeoutMs);
        } else if (tag === 'P') {
          out.current.phase = rest.split(' ')[1];
        } else if (tag === 'R') {
          const [k, cls, ...detail] = rest.split(' ');
          out.lastFinished = Number(k);
          onResult(Number(k), cls, detail.join(' '), out.current?.info);
          out.current = null;
          arm(timeoutMs + 30_000); // until the next call starts (generation, GC)
        } else if (tag === 'X') {
          out.described = JSON.parse(rest);
        } else if (tag === 'A') {
          out.asyncErrors++;
        } else if (tag === 'D') {
          out.done = true;
          arm(30_000); // teardown
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => { out.stderr = (out.stderr + chunk).slice(-8192); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ...out, code, signal: signal ?? (code > 128 && SIGNAL_NAMES[code - 128] ? SIGNAL_NAMES[code - 128] : null) });
    });
  });
}

/**
 * Runs a fuzz campaign. Options: seed, start, calls, jobs (children at once), batch (calls per
 * child), callTimeoutMs (hang suspicion), confirmTimeoutMs (the re-run alone), memoryKb (ulimit -v
 * per child), heapMb (V8 old space), known (the known LibTorch crash list), log (progress lines).
 * Resolves to the report (see summaryLines/crashTable); `ok` is false on any crash not on the
 * known list, any hang python3 does not have too, and any fuzzer bug (gen-error).
 */
export async function runFuzz(options = {}) {
  const o = {
    seed: 1, start: 0, calls: 20_000, jobs: 2, batch: 1000, callTimeoutMs: 10_000, confirmTimeoutMs: 120_000,
    memoryKb: 3_500_000, heapMb: 768, known: loadKnownCrashes(), knownHangs: loadKnownHangs(), log: () => {}, ...options,
  };
  const t0 = Date.now();
  const counts = { returned: 0, 'js-error': 0, crash: 0, hang: 0 };
  const errorNames = {};
  const genErrors = [];
  const slow = [];
  const signatures = new Map();
  let asyncErrors = 0;
  let finished = 0;
  let startupFailures = 0;

  const onResult = (k, cls, detail) => {
    if (cls === 'skipped') return;
    finished++;
    if (cls === 'gen-error') { genErrors.push({ k, message: detail }); return; }
    counts[cls]++;
    if (cls === 'js-error') errorNames[detail] = (errorNames[detail] ?? 0) + 1;
  };

  // An entry names the operator, and optionally tags the call must carry (the argument that
  // triggers it, e.g. an _efficientzerotensor `out`), so that it excuses no other crash of a common operator.
  // It excuses the operator called through torch.ops.aten, and through the generated torch.*
  // function that calls that very kernel with its arguments unchanged (torch.embeddingBag,
  // torch.fft.ifftshift): Python's torch.embedding_bag and torch.fft.ifftshift crash the same way;
  // and through a generated Tensor method that does the same (Tensor.lcm(): Python's Tensor.lcm too).
  const known = (info) => ((info.kind !== 'aten' && info.kind !== 'function' && info.kind !== 'method') || !info.op ? null
    : o.known.find((e) => e.op === info.op && (e.tags ?? []).every((t) => info.tags.includes(t))) ?? null);

  // A crash or hang: grouped by what was called, the phase and how the child died. Deaths
  // outside any call (between calls, at exit) are reported but not counted as a call's outcome.
  const record = (cls, k, phase, info, res, { isCall = true, from = k } = {}) => {
    if (isCall) {
      finished++;
      counts[cls]++;
    }
    const how = cls === 'hang' ? 'hang' : res.signal ?? `exit ${res.code}`;
    const signature = `${info.label} | ${phase} | ${how}`;
    let s = signatures.get(signature);
    if (s === undefined) {
      s = { signature, cls, label: info.label, kind: info.kind, op: info.op, phase, how, tags: info.tags, count: 0, calls: [],
        reason: stderrReason(res.stderr), known: cls === 'hang' ? null : known(info), alone: null, repro: null, python: null, culprit: null };
      signatures.set(signature, s);
      if (cls === 'crash' && s.known === null) confirmQueue.push({ k, signature, from });
    }
    s.count++;
    if (s.calls.length < 10) s.calls.push(k);
    return s;
  };

  const queue = [];
  for (let a = o.start; a < o.start + o.calls; a += o.batch) queue.push([a, Math.min(a + o.batch, o.start + o.calls)]);
  const confirmQueue = [];
  const hangQueue = [];
  const childOptions = { seed: o.seed, memoryKb: o.memoryKb, heapMb: o.heapMb, onResult };

  // A call that ran past the per-call limit is re-run alone with the long limit: a hang only if
  // it runs past that too; else it counts as what it did then (a slow call).
  async function confirmHang({ k, info }) {
    const started = Date.now();
    const res = await runChild({ ...childOptions, from: k, to: k + 1, timeoutMs: o.confirmTimeoutMs });
    if (res.lastFinished === k) {
      slow.push({ k, label: info.label, ms: Date.now() - started });
      return;
    }
    if (!res.timedOut) {
      record('crash', k, res.current?.phase ?? 'after', info, res);
      return;
    }
    const s = record('hang', k, res.current?.phase ?? 'setup', info, res);
    if (s.count > 1) return;
    // Python's twin of the call, run as long: a hang python3 has too is LibTorch's (or PyTorch's
    // own semantics, e.g. a loop over 2^31 bins), not torch-node's. Calls without a twin (nn
    // layers) are matched against known_python_hangs.json, whose programs the test re-checks.
    const again = await runChild({ ...childOptions, from: k, to: k + 1, list: true, describe: true, timeoutMs: o.callTimeoutMs, onResult: () => {} });
    s.repro = again.described;
    if (s.repro?.py) {
      s.python = (await checkPython(s.repro.py, { timeout: o.confirmTimeoutMs / 1000 })).outcome;
      if (s.python === 'hang') s.known = { op: s.repro.op ?? info.op, hang: true };
    } else {
      const entry = o.knownHangs.find((e) => e.label === info.label && s.repro?.body?.some((l) => new RegExp(e.pattern).test(l)));
      if (entry) s.known = { op: entry.label, hang: true, entry };
    }
  }

  // A new crash (not on the known list): re-run alone for its repro, and its Python twin (when
  // it has one) through check_python_crash.py, which tells a LibTorch bug from torch-node's.
  async function confirmCrash({ k, signature, from }) {
    const res = await runChild({ ...childOptions, from: k, to: k + 1, describe: true, timeoutMs: o.confirmTimeoutMs, onResult: () => {} });
    const s = signatures.get(signature);
    s.repro = res.described;
    s.alone = !res.done || res.signal !== null ? (res.signal ?? `exit ${res.code}`) : 'no crash';
    if (s.repro?.py) s.python = (await checkPython(s.repro.py)).outcome;
    if (s.alone === 'no crash' && k > from) {
      s.culprit = await findCulprit(k, from);
      // Heap corruption by a known LibTorch kernel surfaces in a later call: excused with it.
      if (s.culprit?.info) s.known = known(s.culprit.info);
      if (s.known === null) await blameKnownCalls(s, k, from);
    }
  }

  // Heap corruption shows at some later free, not at the same one on every run: a range dies on
  // some runs only, so a range counts as dying when any of `tries` runs dies.
  const dies = async (from, to, { tries = 3, skip = [] } = {}) => {
    for (let t = 0; t < tries; t++) {
      const res = await runChild({ ...childOptions, from, to, skip, timeoutMs: o.callTimeoutMs, onResult: () => {} });
      if (!res.done || res.signal !== null || res.code !== 0) return true;
    }
    return false;
  };

  // When the narrowed culprit is not known (the narrowing is only as good as `dies` on a crash
  // that shows on some runs), the calls of known heap-corrupting kernels in the range are skipped:
  // a crash that no longer happens on 8 runs without them is theirs.
  async function blameKnownCalls(s, k, from) {
    const listed = await runChild({ ...childOptions, from, to: k + 1, list: true, timeoutMs: o.callTimeoutMs, onResult: () => {} });
    const suspects = listed.started.filter((c) => c.k < k && known(c.info) !== null);
    if (suspects.length === 0) return;
    if (await dies(from, k + 1, { tries: 8, skip: suspects.map((c) => c.k) })) return;
    s.culprit = { k: suspects[0].k, label: suspects[0].info.label, body: null, info: suspects[0].info,
      note: `no crash in 8 runs without the known kernel calls ${suspects.map((c) => `${c.k} (${c.info.label})`).join(', ')}` };
    s.known = known(suspects[0].info);
  }

  // A crash that needs the calls before it (heap corruption shows up in a later free): the
  // latest start j in [from, k) such that calls j..k still crash; call j is the likely culprit.
  // Windows grow by 4x back from k, then a binary search narrows the start.
  async function findCulprit(k, from) {
    let clean = k;
    let bad = null;
    for (let w = 1; bad === null; w *= 4) {
      const start = Math.max(from, k - w);
      if (await dies(start, k + 1)) bad = start;
      else if (start === from) return null;
      else clean = start;
    }
    while (clean - bad > 1) {
      const mid = Math.floor((bad + clean) / 2);
      if (await dies(mid, k + 1)) bad = mid;
      else clean = mid;
    }
    const res = await runChild({ ...childOptions, from: bad, to: bad + 1, describe: true, timeoutMs: o.confirmTimeoutMs, onResult: () => {} });
    const d = res.described;
    return { k: bad, label: d?.label ?? null, body: d?.body ?? null, info: d ? { kind: d.kind, op: d.op, tags: d.tags } : null };
  }

  async function runRange([from, to]) {
    const res = await runChild({ ...childOptions, from, to, timeoutMs: o.callTimeoutMs });
    const started = res.current !== null || res.lastFinished !== null;
    if (started) startupFailures = 0;
    if (res.done && res.code === 0) return;
    if (res.done) {
      // Died at exit, after its last call: the addon's teardown, or heap corruption by an earlier
      // call of the batch found at the last free (narrowed to its culprit like a crash in a call).
      record('crash', to - 1, 'teardown', { label: 'process exit', kind: 'teardown', op: null, tags: [] }, res, { isCall: false, from });
      return;
    }
    if (!started) {
      // Nothing ran: the addon failed to load (it may be mid-rebuild); retry for 5 minutes.
      if (++startupFailures > 60) throw new Error(`fuzz children fail to start: ${stderrReason(res.stderr)}`);
      await new Promise((r) => setTimeout(r, 5000));
      queue.unshift([from, to]);
      return;
    }
    const k = res.current?.k ?? res.lastFinished + 1;
    if (res.current === null) {
      // Died between calls (a finalizer, the GC): blame the call before, which made the garbage.
      record('crash', res.lastFinished, 'after', { label: 'between calls', kind: 'between', op: null, tags: [] }, res, { isCall: false, from });
      if (k < to) queue.unshift([k, to]);
      return;
    }
    if (res.timedOut) hangQueue.push({ k, info: res.current.info });
    else record('crash', k, res.current.phase, res.current.info, res, { from });
    if (k + 1 < to) queue.unshift([k + 1, to]);
  }

  let lastLog = Date.now();
  let active = 0;
  const nextTask = () => {
    if (hangQueue.length > 0) return () => confirmHang(hangQueue.shift());
    if (queue.length > 0) return () => runRange(queue.shift());
    if (confirmQueue.length > 0) return () => confirmCrash(confirmQueue.shift());
    return null;
  };
  async function worker() {
    for (;;) {
      const task = nextTask();
      if (task === null) {
        // A running task may still queue work (the rest of a range after a crash).
        if (active === 0) return;
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      active++;
      try {
        await task();
      } finally {
        active--;
      }
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now();
        o.log(`${finished}/${o.calls} calls, ${Math.round(finished / ((Date.now() - t0) / 1000))}/s: ${summaryCounts(counts)}`);
      }
    }
  }
  await Promise.all(Array.from({ length: o.jobs }, worker));

  const list = [...signatures.values()].sort((a, b) => (a.known !== null) - (b.known !== null) || b.count - a.count);
  const unexcused = list.filter((s) => s.known === null);
  return {
    seed: o.seed, start: o.start, calls: o.calls, elapsedMs: Date.now() - t0, counts, errorNames, asyncErrors,
    genErrors, slow, signatures: list, ok: unexcused.length === 0 && genErrors.length === 0,
  };
}

/** check_python_crash.py on a program: { crashed, signal, outcome, ... }. */
export function checkPython(program, { timeout = 120 } = {}) {
  return new Promise((resolve) => {
    const p = execFile('python3', [checkerPath, '--program', '-', '--timeout', String(timeout)], { encoding: 'utf8' }, (_err, stdout) => {
      try {
        resolve(JSON.parse(stdout));
      } catch {
        resolve({ crashed: false, outcome: `checker failed: ${stdout}` });
      }
    });
    p.stdin.end(program);
  });
}

function summaryCounts(c) {
  return `returned ${c.returned}, js-error ${c['js-error']}, crash ${c.crash}, hang ${c.hang}`;
}

/** The report as text: the summary line, error constructors, then each crash/hang signature with its repro. */
export function formatReport(r, { repros = true } = {}) {
  const lines = [
    `seed ${r.seed}, calls ${r.start}..${r.start + r.calls - 1}, ${(r.elapsedMs / 1000).toFixed(0)} s`,
    summaryCounts(r.counts),
    `js-error by constructor: ${Object.entries(r.errorNames).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  if (r.asyncErrors > 0) lines.push(`errors thrown outside calls: ${r.asyncErrors}`);
  if (r.slow.length > 0) lines.push(`slow calls (past the per-call limit, finished alone): ${r.slow.map((s) => `${s.k} ${s.label} ${s.ms} ms`).join('; ')}`);
  for (const g of r.genErrors) lines.push(`FUZZER BUG at call ${g.k}: ${g.message}`);
  if (r.signatures.length > 0) {
    lines.push('', 'crash/hang signatures (what | phase | how: count, calls, tags, re-run alone, python3, known):');
    for (const s of r.signatures) {
      lines.push(`- ${s.signature}: ${s.count}x, calls ${s.calls.join(' ')}${s.count > s.calls.length ? ' ...' : ''}` +
        `${s.tags.length ? `, tags ${s.tags.join(',')}` : ''}${s.alone ? `, alone: ${s.alone}` : ''}` +
        `${s.python ? `, python3: ${s.python}` : ''}` +
        `${s.known ? (s.known.hang ? `, python3 HANGS TOO (${s.known.entry ? 'known_python_hangs.json' : 'its twin, run as long'})` : `, KNOWN LibTorch crash (aten::${s.known.op})`) : ''}`);
      if (s.reason) lines.push(`    stderr: ${s.reason}`);
      if (s.culprit) lines.push(`    needs calls ${s.culprit.k}..${s.calls[0]}: call ${s.culprit.k} (${s.culprit.label}) likely corrupts memory${s.culprit.note ? ` (${s.culprit.note})` : ''}:`, ...(s.culprit.body ?? []).map((l) => `      ${l}`));
      if (repros && s.repro) {
        lines.push(`    repro (npm run fuzz -- --seed ${r.seed} --only ${s.calls[0]} prints the whole program):`, ...s.repro.body.map((l) => `      ${l}`));
        if (s.repro.pyBody) lines.push('    python:', ...s.repro.pyBody.map((l) => `      ${l}`));
      }
    }
  }
  lines.push('', r.ok ? 'OK: no crash outside test/fuzz/known_libtorch_crashes.json, no hang python3 does not have'
    : 'FAIL: crashes outside test/fuzz/known_libtorch_crashes.json, hangs python3 does not have, or fuzzer bugs above');
  return lines.join('\n');
}
