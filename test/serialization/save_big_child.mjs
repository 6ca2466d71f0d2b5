// Child process of atomic.test.ts: makes a ~500 MB tensor, says "saving" and saves it to the path
// given (the parent SIGKILLs it during the write).
const [dist, path] = process.argv.slice(2);
const torch = await import(`${dist}/torch.js`);
const { save } = await import(`${dist}/serialization/index.js`);
const big = torch.ones([125_000_000]);
process.stdout.write('saving\n');
save({ big }, path);
process.stdout.write('saved\n');
