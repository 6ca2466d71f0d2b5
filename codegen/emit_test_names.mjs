// test/generated/generated_names.json: [JS name, ATen name] of the generated torch functions and
// Tensor methods. Only tests and the fuzzer read it (test/ops/surface.test.ts, test/fuzz/), so it
// stays out of lib/ and the published package.
export function emitTestNames(model) {
  const pairs = (list) => list.map((e) => [e.jsName, e.name]);
  const data = { functions: pairs(model.functions), methods: pairs(model.methods) };
  // One pair per line: a regenerated file diffs by the names that changed.
  const list = (rows) => `[\n${rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]`;
  const text = `{\n  "libtorch": ${JSON.stringify(model.version)},\n  "functions": ${list(data.functions)},\n  "methods": ${list(data.methods)}\n}\n`;
  return { 'test/generated/generated_names.json': text };
}
