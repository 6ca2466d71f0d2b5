import { expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { nn } from '../../lib/index.js';

// The public entry: `import { nn } from 'torch-node'`, with nn.functional and its alias F.
it('exports nn, nn.functional and nn.F from the package entry', () => {
  expect(nn.functional).toBe(nn.F);
  expect(torch.nn.Linear).toBe(nn.Linear);
  const m = new nn.Sequential(new nn.Linear(3, 2), new nn.LogSoftmax({ dim: 1 }));
  expect(m(torch.randn(4, 3)).shape).toEqual([4, 2]);
});
