// Child process of safety.test.ts: loads every file named on stdin (one path per line) with
// torch.load, from the path and from its bytes (both weightsOnly settings), mapped, and with
// loadAsync, and prints one JSON line per file: 'ok' or the
// error's name and message. A crash or a hang shows as the process dying or timing out.
import { readFileSync } from 'node:fs';

const dist = process.argv[2];
await import(`${dist}/torch.js`);
const { load, loadAsync } = await import(`${dist}/serialization/index.js`);
const files = readFileSync(0, 'utf8').split('\n').filter(Boolean);
const describe = (e) => (e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : `non-Error thrown: ${String(e)}`);
for (const f of files) {
  const out = { file: f, results: [] };
  for (const source of [f, readFileSync(f)]) {
    for (const weightsOnly of [true, false]) {
      try {
        load(source, { weightsOnly });
        out.results.push('ok');
      } catch (e) {
        out.results.push(describe(e));
      }
    }
  }
  // The mapped and the asynchronous readers too.
  for (const run of [() => load(f, { mmap: true }), () => loadAsync(f), () => loadAsync(f, { mmap: true })]) {
    try {
      await run();
      out.results.push('ok');
    } catch (e) {
      out.results.push(describe(e));
    }
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
