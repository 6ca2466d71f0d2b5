// lib/names.ts: the one snake_case <-> camelCase rule, the same as native code's (native/names.h),
// which names every operator and argument listSchemas exports.
import { describe, expect, it } from 'vitest';
import { native } from '../lib/binding.js';
import { snakeToCamel, camelToSnake } from '../lib/names.js';

describe('snakeToCamel', () => {
  it('is the rule native code names every aten:: operator and argument with', () => {
    const schemas = native.listSchemas('aten');
    expect(schemas.length).toBeGreaterThan(2000);
    const differ: string[] = [];
    for (const s of schemas) {
      if (snakeToCamel(s.name) !== s.jsName) differ.push(`${s.name}: ${s.jsName}`);
      for (const a of s.args) if (snakeToCamel(a.name) !== a.jsName) differ.push(`${s.name}(${a.name}): ${a.jsName}`);
    }
    expect(differ).toEqual([]);
    const byName = new Map(schemas.map((s) => [s.name, s.jsName]));
    // Leading and trailing '_' stay; a run of '_' inside upper-cases the character after it.
    expect(byName.get('_foreach_add_')).toBe('_foreachAdd_');
    expect(byName.get('__iand__')).toBe('_Iand_');
    expect(byName.get('linalg__powsum')).toBe('linalgPowsum');
    expect(byName.get('log_softmax')).toBe('logSoftmax');
  });

  it('renames PyTorch state keys, and camelToSnake renames them back', () => {
    for (const [snake, camel] of [['exp_avg_sq', 'expAvgSq'], ['param_groups', 'paramGroups'], ['momentum_buffer', 'momentumBuffer'], ['lr', 'lr']]) {
      expect(snakeToCamel(snake!)).toBe(camel);
      expect(camelToSnake(camel!)).toBe(snake);
    }
  });
});
