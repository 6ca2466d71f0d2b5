// The one snake_case <-> camelCase rule. Native code applies it to operator and argument names
// (native/names.h) and listSchemas exports the results; this is the same rule for JS keys
// (optimizer state, options), and test/names.test.ts checks both agree on every aten:: schema name.

/**
 * snake_case -> camelCase: a '_' between two characters is dropped and the character after it
 * upper-cased; leading and trailing '_' stay.
 * @example snakeToCamel('exp_avg_sq') // 'expAvgSq'; snakeToCamel('_foreach_add_') // '_foreachAdd_'
 */
export function snakeToCamel(snake: string): string {
  let out = '';
  let upper = false;
  for (let i = 0; i < snake.length; i++) {
    const c = snake[i]!;
    if (c === '_' && i > 0 && i + 1 < snake.length) { upper = true; continue; }
    out += upper ? c.toUpperCase() : c;
    upper = false;
  }
  return out;
}

/**
 * camelCase -> snake_case, as PyTorch names the keys snakeToCamel renamed: each upper-case letter
 * becomes '_' and its lower case.
 * @example camelToSnake('paramGroups') // 'param_groups'
 */
export function camelToSnake(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
