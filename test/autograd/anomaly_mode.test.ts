// torch.autograd.detectAnomaly / setDetectAnomaly: NaN checks in backward and the forward stack
// of the failing node, against live PyTorch (test/oracles/autograd/anomaly_mode.py).
import { describe, it, expect } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd } from '../../lib/index.js';
import type { AnomalyError } from '../../lib/autograd/index.js';
import { oracleBatch } from '../helpers/python.js';

const py = oracleBatch<{
  messages: { nan: string; warnings: string[]; grad_no_check: (number | null)[]; inplace_on: string; inplace_off: string; state: boolean[] };
}>({ messages: ['autograd/anomaly_mode', 'messages'] });

function makesSqrtNode(x: torch.Tensor): torch.Tensor {
  return x.sqrt();  // the line the forward traceback must show
}

function backwardError(fn: () => void): AnomalyError {
  try {
    fn();
  } catch (e) {
    return e as AnomalyError;
  }
  throw new Error('backward did not throw');
}

describe('detectAnomaly', () => {
  it('throws PyTorch\'s NaN message with the forward JS stack of the failing node (callback form)', () => {
    const want = py().messages;
    const x = torch.tensor([-1, 4], { requiresGrad: true });
    const err = autograd.detectAnomaly(() => backwardError(() => makesSqrtNode(x).sum().backward()));
    expect(err.message.split('\n')[0]).toBe(want.nan);
    expect(err.anomalyTraceback).toBeDefined();
    const report = err.anomalyTraceback!;
    // Python's warning line, then the JS frames of the op that made SqrtBackward0
    expect(report.split('\n')[0]).toBe(want.warnings.find((w) => w.startsWith('Error detected'))!);
    expect(report).toContain('makesSqrtNode');
    expect(report).toContain('anomaly_mode.test.ts');
    // the first frame is the caller's, not the library's op-call path
    expect(report.split('\n')[1]).toContain('makesSqrtNode');
    expect(err.message).toContain(report);
    expect(autograd.isAnomalyEnabled()).toBe(false);
  });

  it('the using form restores the previous mode; checkNan: false lets NaN gradients through', () => {
    const want = py().messages;
    expect([autograd.isAnomalyEnabled(), autograd.isAnomalyCheckNanEnabled()]).toEqual(want.state);
    const x = torch.tensor([-1, 4], { requiresGrad: true });
    {
      using _ = autograd.detectAnomaly({ checkNan: false });
      expect(autograd.isAnomalyEnabled()).toBe(true);
      expect(autograd.isAnomalyCheckNanEnabled()).toBe(false);
      expect([torch.isAnomalyEnabled(), torch.isAnomalyCheckNanEnabled()]).toEqual([true, false]);
      x.sqrt().sum().backward();
    }
    expect(autograd.isAnomalyEnabled()).toBe(false);
    expect(autograd.isAnomalyCheckNanEnabled()).toBe(true);
    expect((x.grad!.tolist() as number[]).map((g) => (Number.isNaN(g) ? null : g))).toEqual(want.grad_no_check);
  });

  it('an in-place change of a saved tensor: PyTorch\'s hint for each mode, and the forward stack', () => {
    const want = py().messages;
    const run = (mode: boolean): AnomalyError => {
      autograd.setDetectAnomaly(mode);
      try {
        const a = torch.tensor([1, 2], { requiresGrad: true });
        const b = a.exp();
        b.add_(1);
        return backwardError(() => b.sum().backward());
      } finally {
        autograd.setDetectAnomaly(false);
      }
    };
    const on = run(true);
    expect(on.message.startsWith(want.inplace_on)).toBe(true);
    expect(on.anomalyTraceback).toMatch(/^Error detected in ExpBackward0\. Traceback of forward call that caused the error:\n/);
    const off = run(false);
    expect(off.message).toBe(want.inplace_off);
    expect(off.anomalyTraceback).toBeUndefined();
  });

  it('an async callback keeps the mode until its promise settles', async () => {
    const p = autograd.detectAnomaly(async () => {
      await new Promise((r) => setTimeout(r, 1));
      return autograd.isAnomalyEnabled();
    });
    expect(autograd.isAnomalyEnabled()).toBe(true);
    expect(await p).toBe(true);
    expect(autograd.isAnomalyEnabled()).toBe(false);
  });

  it('rejects bad arguments with clear errors', () => {
    expect(() => autograd.detectAnomaly({ checkNan: 1 as never })).toThrow(TypeError);
    expect(() => autograd.detectAnomaly({ nope: true } as never)).toThrow(/unknown option 'nope'/);
    expect(() => autograd.setDetectAnomaly('yes' as never)).toThrow(TypeError);
    expect(autograd.isAnomalyEnabled()).toBe(false);
  });
});
