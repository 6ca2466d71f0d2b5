// The seed article's activations, drawn: SiLU, Soft Exponential (alpha -0.5, 0 and 0.5) and BReLU
// on [-3, 3], each with its derivative. The derivatives come from autograd (BReLU's from its
// hand-written backward) and are checked against finite differences with gradcheck, in float64;
// the picture is a vega-lite chart rendered headlessly to SVG, then to PNG with sharp.
//   npm run demo:activations
// Settings (environment): ACTIVATIONS_OUT (the pictures, default ./out/activations).
//
// BReLU treats the units of a layer differently: even-indexed ones (along the first dimension) as
// ReLU, odd-indexed ones as -ReLU(-x). The chart draws both kinds, as two curves.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as torch from '../lib/index.js';
import { autograd, Tensor } from '../lib/index.js';
import { brelu, silu, SoftExponential } from './article_models.js';

const OUT = resolve(process.env.ACTIVATIONS_OUT ?? './out/activations');

/** The three alphas drawn: Soft Exponential is logarithmic below 0, the identity at 0, exponential above. */
const ALPHAS = [-0.5, 0, 0.5];

interface Activation {
  name: string;
  /** Makes the function for one dtype (Soft Exponential's alpha is a parameter of that dtype). */
  make: (dtype: 'float32' | 'float64') => (x: Tensor) => Tensor;
}

const ACTIVATIONS: Activation[] = [
  { name: 'SiLU', make: () => silu },
  ...ALPHAS.map((alpha): Activation => ({
    name: `Soft Exponential α=${alpha}`,
    make: (dtype) => {
      const module = new SoftExponential(1, alpha).to(dtype);
      return (x) => module(x) as Tensor;
    },
  })),
  // One row of units: row 0 is even.
  { name: 'BReLU (even units)', make: () => (x) => (brelu(x.unsqueeze(0)) as Tensor).squeeze(0) },
  // Two rows, the odd one kept: select's backward gives row 0 a zero gradient.
  { name: 'BReLU (odd units)', make: () => (x) => (brelu(torch.stack([x, x])) as Tensor).select(0, 1) },
];

/** The sample points whose values the demo prints (indices into linspace(-3, 3, 601)). */
const PRINTED = [160, 250, 300, 350, 400, 550];

/** f(x) and f'(x) on the grid, the derivative by autograd of the sum (the function acts elementwise). */
function valuesAndDerivative(f: (x: Tensor) => Tensor, grid: Tensor): [number[], number[]] {
  const x = grid.detach().requiresGrad_(true);
  const y = f(x);
  const [dx] = autograd.grad(y.sum(), x);
  return [y.detach().tolist() as number[], dx!.tolist() as number[]];
}

/** gradcheck in float64 at 60 points of [-2.95, 2.95] (none at BReLU's kink), where f is defined. */
function check(f: (x: Tensor) => Tensor): { ok: boolean; points: number } {
  const all = torch.linspace(-2.95, 2.95, 60, { dtype: 'float64' });
  const defined = torch.noGrad(() => torch.isfinite(f(all)));
  const x = all.index([defined]).requiresGrad_(true);
  return { ok: autograd.gradcheck(f, [x], { raiseException: false }), points: x.shape[0]! };
}

const fmt = (v: number): string => (Number.isNaN(v) ? 'nan' : v.toFixed(6)).padStart(11);

async function writeChart(rows: { x: number; y: number | null; activation: string }[][]): Promise<[string, string]> {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const color = { field: 'activation', type: 'nominal', title: null, sort: ACTIVATIONS.map((a) => a.name),
    scale: { range: ['#4c78a8', '#e45756', '#b279a2', '#f58518', '#54a24b', '#9d755d'] },
    legend: { orient: 'bottom', columns: 3, labelLimit: 0, symbolStrokeWidth: 3 } };
  const panel = (values: unknown[], title: string, domain: [number, number]): unknown => ({
    width: 340, height: 260, title, data: { values },
    mark: { type: 'line', clip: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: { domain: [-3, 3], nice: false } },
      y: { field: 'y', type: 'quantitative', title: null, scale: { domain, nice: false } },
      color,
      strokeDash: { condition: { test: "indexof(datum.activation, 'BReLU') >= 0", value: [6, 3] }, value: [1, 0] },
    },
  });
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: "The article's activations and their derivatives (autograd, torch-node)" },
    hconcat: [panel(rows[0]!, 'f(x)', [-3, 4]), panel(rows[1]!, "f'(x) by autograd", [-0.5, 2.5])],
    config: { view: { stroke: '#ddd' } },
  };
  const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  const svgPath = join(OUT, 'activations.svg');
  const pngPath = join(OUT, 'activations.png');
  writeFileSync(svgPath, svg);
  const sharp = (await import('sharp')).default;
  await sharp(Buffer.from(svg), { density: 120 }).png({ palette: true }).toFile(pngPath);
  return [svgPath, pngPath];
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const grid = torch.linspace(-3, 3, 601);
  const xs = grid.tolist() as number[];

  console.log('gradcheck (float64, autograd against finite differences, 60 points of [-2.95, 2.95] where f is defined):');
  for (const a of ACTIVATIONS) {
    const { ok, points } = check(a.make('float64'));
    console.log(`  ${a.name.padEnd(26)} ${ok} (${points} points)`);
    if (!ok) process.exitCode = 1;
  }

  const values: { x: number; y: number | null; activation: string }[] = [];
  const derivatives: { x: number; y: number | null; activation: string }[] = [];
  const nullable = (v: number): number | null => (Number.isFinite(v) ? v : null);
  console.log(`\nf and f' (float32) at x = ${PRINTED.map((i) => fmt(xs[i]!)).join('')}`);
  for (const a of ACTIVATIONS) {
    const [f, df] = valuesAndDerivative(a.make('float32'), grid);
    xs.forEach((x, i) => {
      values.push({ x, y: nullable(f[i]!), activation: a.name });
      derivatives.push({ x, y: nullable(df[i]!), activation: a.name });
    });
    console.log(`  ${a.name.padEnd(26)} f  ${PRINTED.map((i) => fmt(f[i]!)).join('')}`);
    console.log(`  ${a.name.padEnd(26)} f' ${PRINTED.map((i) => fmt(df[i]!)).join('')}`);
  }

  const [svg, png] = await writeChart([values, derivatives]);
  console.log(`\nwrote ${svg}`);
  console.log(`wrote ${png}`);
}

await main();
