import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';

describe('torch.tidy', () => {
  it('disposes what fn created and keeps what it returns', () => {
    let inner: torch.Tensor | undefined;
    const y = torch.tidy(() => {
      inner = torch.ones(3).mul(2);
      return inner.add(1);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(y.isDisposed).toBe(false);
    expect(y.tolist()).toEqual([3, 3, 3]);
  });

  it('keeps tensors returned in arrays, nested objects and Maps', () => {
    const temps: torch.Tensor[] = [];
    const out = torch.tidy(() => {
      const a = torch.ones(2); const b = torch.zeros(2); const c = torch.full([2], 5);
      temps.push(a.add(1), b.sub(1));
      return { list: [a, { deep: b }], map: new Map([['c', c]]) };
    });
    expect(temps.every((t) => t.isDisposed)).toBe(true);
    expect((out.list[0] as torch.Tensor).isDisposed).toBe(false);
    expect(((out.list[1] as { deep: torch.Tensor }).deep).isDisposed).toBe(false);
    expect(out.map.get('c')!.tolist()).toEqual([5, 5]);
  });

  it('leaves tensors created outside the scope alone', () => {
    const outside = torch.ones(2);
    torch.tidy(() => { outside.add(1); });
    expect(outside.isDisposed).toBe(false);
  });

  it('nests: kept tensors move to the enclosing scope', () => {
    let kept: torch.Tensor | undefined;
    let innerTemp: torch.Tensor | undefined;
    const result = torch.tidy(() => {
      kept = torch.tidy(() => {
        innerTemp = torch.ones(2).mul(3);
        return innerTemp.add(1);
      });
      expect(innerTemp!.isDisposed).toBe(true);
      expect(kept.isDisposed).toBe(false);
      return kept.sum();
    });
    expect(kept!.isDisposed).toBe(true); // not returned by the outer scope
    expect(result.item()).toBe(8);
  });

  it('disposes everything and rethrows the same error when fn throws', () => {
    const made: torch.Tensor[] = [];
    const error = new Error('boom');
    expect(() => torch.tidy(() => {
      made.push(torch.ones(2), torch.zeros(3));
      throw error;
    })).toThrow(error);
    expect(made.every((t) => t.isDisposed)).toBe(true);
    // The scope stack is intact afterwards.
    const t = torch.tidy(() => torch.ones(1));
    expect(t.isDisposed).toBe(false);
  });

  it('disposes and rethrows when an operator fails inside', () => {
    const made: torch.Tensor[] = [];
    expect(() => torch.tidy(() => {
      const a = torch.ones(2, 3); made.push(a);
      return a.matmul(torch.ones(2, 3));
    })).toThrow(/cannot be multiplied|shapes/);
    expect(made[0]!.isDisposed).toBe(true);
  });

  it('rejects async functions and non-functions', () => {
    expect(() => torch.tidy((async () => torch.ones(1)) as unknown as () => torch.Tensor)).toThrow(/synchronous/);
    expect(() => torch.tidy(42 as unknown as () => void)).toThrow(TypeError);
  });

  it('a disposed tensor throws a clear error; disposing twice is harmless', () => {
    const t = torch.tidy(() => { const x = torch.ones(2); return [x.add(1), x] as const; })[1];
    expect(t.isDisposed).toBe(false);
    t.dispose();
    t.dispose();
    expect(() => t.add(1)).toThrow(/disposed/);
  });

  it('leaves no tensors behind in a training-like step', () => {
    const w = torch.randn(4, 3, { requiresGrad: true });
    const x = torch.randn(8, 4);
    const before = torch.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      torch.tidy(() => {
        const loss = x.matmul(w).relu().sum();
        loss.backward();
        torch.noGrad(() => { w.sub_(w.grad!.mul(0.01)); });
        w.grad = null;
      });
    }
    expect(torch.memory().numTensors).toBeLessThanOrEqual(before);
  });
});
