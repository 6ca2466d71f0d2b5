// Array arguments outside indexing and torch.tensor (see indexing.test.ts and creation.test.ts):
// operator lists, shapes and option arrays. A sparse array (`Object.assign([], { length: 2 ** 32
// - 1 })`) costs nothing to make, yet walking it by index up to `length`, as map(), forEach(),
// every() and spreads do, took minutes. In a child with a time limit, so that a regression fails
// here instead of hanging the run.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as torch from '../lib/index.js';
import { childJsonLines } from './helpers/child.js';

type Attempt = { value?: unknown; error?: { name: string; message: string } };

const vision = fileURLToPath(new URL('../dist/lib/vision/index.js', import.meta.url));
const N = 2 ** 32 - 1;
const hole = (at: string, index: number, length = N) =>
  ({ name: 'TypeError', message: `${at}: the array has a hole at index ${index} (a sparse array of length ${length}); arrays must be dense` });
const tooLong = (n: number) => ({ name: 'RangeError', message: `a list argument has ${n} elements; operators take lists of at most 16777216` });

// [expression in the child (x = zeros([2, 3]), S() a sparse array, late(a) a with holes after it), error]
const cases: [string, { name: string; message: string }][] = [
  ['torch.zeros(S())', tooLong(N)],
  ['torch.cat(S())', tooLong(N)],
  ['torch.stack(Object.assign([], { length: 2 ** 24 + 1 }))', tooLong(2 ** 24 + 1)],
  ['x.view(S())', tooLong(N)],
  ['x.permute(late([1, 0]))', tooLong(N)],
  ['x.sum(S())', tooLong(N)],
  ['torch.cat(Object.assign([], { length: 2 ** 24 }))', hole('a list argument', 0, 2 ** 24)],
  ['torch.zeros([2, , 3])', hole('a list argument', 1, 3)],
  ['torch.cat([[x], , x])', hole('a list argument', 1, 3)],
  ['torch.broadcastTensors(S())', hole('torch.broadcastTensors(): tensors', 0)],
  ['torch.meshgrid(late([x]))', hole('torch.meshgrid(): tensors', 1)],
  ['torch.blockDiag(S())', hole('torch.blockDiag(): tensors', 0)],
  ["torch.einsum('i', S())", hole('einsum(): operands', 0)],
  ['torch.unravelIndex(torch.tensor([1n]), S())', hole('torch.unravelIndex(): shape', 0)],
  ['torch.split(x, late([1]))', hole('torch.split(): splitSizeOrSections', 1)],
  ['torch.nn.functional.pad(x, S())', hole('F.pad(): pad', 0)],
  ['torch.nn.functional.layerNorm(x, S())', hole('F.layerNorm(): normalizedShape', 0)],
  ['new torch.nn.LayerNorm(late([3]))', hole('LayerNorm(): normalizedShape', 1)],
  ['torch.nn.functional.interpolate(torch.ones([1, 1, 4]), { scaleFactor: S() })', hole('F.interpolate(): scaleFactor', 0)],
  ['torch.nn.utils.clipGradNorm_(S(), 1)', hole('clipGradNorm_(): parameters', 0)],
  ['transforms.Normalize({ mean: S(), std: [1] })', hole('Normalize: option mean', 0)],
  ['transforms.Compose(S())', hole('Compose(transforms): transforms', 0)],
];

describe('sparse and absurdly long array arguments (child process)', () => {
  it('are rejected at once, naming the argument', () => {
    const results = childJsonLines<Attempt>(`
const { transforms } = await import(${JSON.stringify(vision)});
const x = torch.zeros([2, 3]);
const S = () => Object.assign([], { length: 2 ** 32 - 1 });
const late = (a) => { a.length = 2 ** 32 - 1; return a; };
const t0 = Date.now();
${cases.map(([expr]) => `emit(attempt(() => ${expr}));`).join('\n')}
emit(Date.now() - t0);
`, { timeoutMs: 20_000 });
    cases.forEach(([expr, want], i) => expect({ expr, error: results[i]!.error }).toEqual({ expr, error: want }));
    expect(results[cases.length]).toBeLessThan(5000);
  }, 30_000);

  it('dense lists, nested lists and stored undefined still reach the operator', () => {
    const x = torch.zeros([2, 3]);
    expect(torch.zeros([2, 3]).shape).toEqual([2, 3]);
    expect(torch.cat([x, x]).shape).toEqual([4, 3]);
    expect(x.view([3, 2]).shape).toEqual([3, 2]);
    expect(torch.broadcastShapes([2, 1], [3])).toEqual([2, 3]);
    // A stored undefined is not a hole: the operator's own message.
    expect(() => torch.zeros([2, undefined as unknown as number])).toThrow(/zeros\(\)/);
  });
});
