import { describe, expect, it } from 'vitest';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as torch from '../lib/index.js';
import { escapeScopes, scopeDepth } from '../lib/scope.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

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

describe('torch.tidy scopes are native and hold tensors weakly', () => {
  it('lets the collector free unreachable temporaries before the scope ends', () => {
    const a = torch.ones(4);
    const start = torch.memory({ collect: true }).numTensors;
    const probes: torch.Tensor[] = [];
    let kept: torch.Tensor | undefined;
    let counts = { before: 0, afterGc: 0, afterReuse: 0, depth: 0 };
    const [first, last] = torch.tidy(() => {
      kept = torch.zeros(3);
      probes.push(a.add(1));
      const before = torch.memory().numTensors;
      for (let i = 0; i < 2000; i++) a.mul(2).add(1); // 4000 temporaries, none kept
      gc();
      const afterGc = torch.memory().numTensors;
      // The freed tensors' slots are reused by new tensors of the same scope.
      let newest = a;
      for (let i = 0; i < 2000; i++) newest = a.add(i);
      probes.push(a.mul(3));
      gc();
      const afterReuse = torch.memory().numTensors;
      counts = { before, afterGc, afterReuse, depth: scopeDepth() };
      expect(kept.isDisposed).toBe(false);
      expect(probes.every((t) => !t.isDisposed)).toBe(true);
      return [kept, newest] as const;
    });
    expect(counts.depth).toBe(1);
    expect(scopeDepth()).toBe(0);
    // Still inside the scope, gc() freed the 4000 temporaries (a scope holding them would keep
    // all of them alive until it ends); then the newest of the second loop and probes[1] remain.
    expect(counts.afterGc - counts.before).toBeLessThanOrEqual(1);
    expect(counts.afterReuse - counts.before).toBeLessThanOrEqual(3);
    // The returned tensors survive the scope, with their values; the others are disposed.
    expect(first).toBe(kept);
    expect(first.isDisposed).toBe(false);
    expect(first.tolist()).toEqual([0, 0, 0]);
    expect(last.isDisposed).toBe(false);
    expect(last.tolist()).toEqual([2000, 2000, 2000, 2000]);
    expect(probes.map((t) => t.isDisposed)).toEqual([true, true]);
    expect(() => probes[1]!.add(1)).toThrow(/disposed/);
    expect(torch.memory({ collect: true }).numTensors).toBe(start + 2);
  });

  it('nested: a kept tensor passes to the outer scope, freed there unless returned again', () => {
    const a = torch.ones(2);
    const start = torch.memory({ collect: true }).numTensors;
    let innerKept: torch.Tensor | undefined;
    let innerTemp: torch.Tensor | undefined;
    let alsoKept: torch.Tensor | undefined;
    let depthInside = 0;
    const outer = torch.tidy(() => {
      [innerKept, alsoKept] = torch.tidy(() => {
        depthInside = scopeDepth();
        innerTemp = a.mul(5);
        for (let i = 0; i < 500; i++) a.add(i); // unreachable, freed by gc() below
        gc();
        return [innerTemp.add(1), a.mul(7)];
      });
      expect(innerTemp!.isDisposed).toBe(true);
      expect(innerKept.isDisposed).toBe(false);
      gc();
      return innerKept.mul(2); // alsoKept is not returned by the outer scope
    });
    expect(depthInside).toBe(2);
    expect(outer.tolist()).toEqual([12, 12]);
    expect(innerKept!.isDisposed).toBe(true);
    expect(alsoKept!.isDisposed).toBe(true);
    expect(torch.memory({ collect: true }).numTensors).toBe(start + 1);
  });

  it('escapeScopes() takes a tensor out of the open scopes: it survives them', () => {
    const a = torch.ones(2);
    let escapedInner: torch.Tensor | undefined;
    let escapedFromOuter: torch.Tensor | undefined;
    let notEscaped: torch.Tensor | undefined;
    let param: torch.nn.Parameter | undefined;
    const escaped = torch.tidy(() => {
      const e = torch.full([2], 3);
      expect(escapeScopes(e)).toBe(e);
      const back = torch.tidy(() => {
        escapedInner = escapeScopes(a.mul(4));
        notEscaped = a.mul(5);
        return a.mul(6);
      });
      escapedFromOuter = escapeScopes(back); // recorded in the outer scope since the inner returned it
      param = new torch.nn.Parameter(torch.ones(2)); // modules and Parameters escape their tensors
      return undefined;
    });
    expect(escaped).toBeUndefined();
    expect(notEscaped!.isDisposed).toBe(true);
    expect(escapedInner!.tolist()).toEqual([4, 4]);
    expect(escapedFromOuter!.tolist()).toEqual([6, 6]);
    expect(param!.isDisposed).toBe(false);
    expect(param!.requiresGrad).toBe(true);
    // Outside any scope escapeScopes() is harmless.
    const t = torch.ones(1);
    expect(escapeScopes(t)).toBe(t);
    expect(t.isDisposed).toBe(false);
  });

  it('a module built and trained inside tidy keeps its parameters and optimizer state', () => {
    torch.manualSeed(0);
    const model = torch.tidy(() => new torch.nn.Linear(3, 2));
    const opt = new torch.optim.Adam(model.parameters(), { lr: 0.1 });
    const x = torch.ones(4, 3);
    for (let i = 0; i < 3; i++) {
      torch.tidy(() => {
        opt.zeroGrad();
        model.forward(x).pow(2).sum().backward();
        opt.step();
      });
    }
    expect(model.parameters().every((p) => !p.isDisposed)).toBe(true);
    expect(model.forward(x).shape).toEqual([4, 2]);
  });
});
