import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { siluSequential } from '../../../examples/article_models.js';

const articleSequential = (): nn.Sequential => siluSequential() as nn.Sequential;

describe('containers', () => {
  it('Sequential, ModuleList and ModuleDict index, iterate and mutate', () => {
    const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
    expect(seq.length).toBe(2);
    expect(seq[0]).toBeInstanceOf(nn.Linear);
    expect(seq.at(-1)).toBeInstanceOf(nn.ReLU);
    seq.append(new nn.Linear(3, 1));
    expect(seq(torch.zeros(4, 2)).shape).toEqual([4, 1]);
    expect([...seq].length).toBe(3);
    const named = articleSequential();
    expect(named[0]).toBe(named.at(0));
    expect((named as unknown as { fc1: nn.Linear }).fc1).toBe(named.at(0));
    const list = new nn.ModuleList([new nn.ReLU()]);
    list.append(new nn.Tanh()).insert(0, new nn.Identity());
    expect([...list].map((m) => m.constructor.name)).toEqual(['Identity', 'ReLU', 'Tanh']);
    expect(list.pop(1)).toBeInstanceOf(nn.ReLU);
    expect(list.namedChildren().map(([n]) => n)).toEqual(['0', '1']);
    const dict = new nn.ModuleDict({ a: new nn.Linear(1, 1) });
    dict.set('b', new nn.Linear(1, 2));
    expect(dict.keys()).toEqual(['a', 'b']);
    expect(Object.keys(dict.stateDict())).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
    dict.delete('a');
    expect([...dict]).toEqual(['b']);
  });
});
