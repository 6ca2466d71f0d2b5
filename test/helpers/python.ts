// Runs a Python snippet with the python3 whose PyTorch we link, and parses its JSON output.
// Tests use it as the oracle: every expected number comes from PyTorch itself.
import { execFileSync } from 'node:child_process';

export function python<T = unknown>(code: string): T {
  const script = `import json, torch\ntorch.set_num_threads(1)\n${code}`;
  const out = execFileSync('python3', ['-c', script], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}
