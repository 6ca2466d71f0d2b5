// Shared by the classification-model tests: each family's test states, against torchvision
// (test/oracles/vision/models/_common.py), (a) the state dict's keys and shapes and the parameter
// count of every builder, (b) the initialisation after torch.manualSeed (a hash per tensor) of
// the family's smallest member, (c) the logits of Python-initialised weights loaded into the Node
// model, in eval mode.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { load } from '../../../lib/serialization/index.js';
import type { nn } from '../../../lib/index.js';
import { models } from '../../../lib/vision/index.js';
import { snakeToCamel } from '../../../lib/names.js';
import { tempDir } from '../../helpers/tmp.js';

/** Python kwargs (`num_classes`) as builder options (`numClasses`). */
export function camelKwargs(kwargs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [snakeToCamel(k), v]));
}

/** Python's name -> the builder's (`wide_resnet50_2` -> `wideResnet50_2`). */
export function builderName(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Builds `name` (Python's name) with Python kwargs, through the registry. */
export function build(name: string, kwargs: Record<string, unknown> = {}): nn.Module {
  return models.getModel(name, camelKwargs(kwargs));
}

/** Builds on the meta device (no memory, no random numbers drawn for real). */
export function buildMeta(name: string, kwargs: Record<string, unknown> = {}): nn.Module {
  torch.setDefaultDevice('meta');
  try { return build(name, kwargs); } finally { torch.setDefaultDevice(null); }
}

/** What _common.structure gives: [key, shape] per state dict entry and the parameter count. */
export interface Structure { keys: [string, number[]][]; numParams: number }

export function structureOf(model: nn.Module): Structure {
  const sd = model.stateDict();
  return {
    keys: Object.entries(sd).map(([k, v]) => [k, v.shape]),
    numParams: model.parameters().reduce((n, p) => n + p.numel(), 0),
  };
}

function digest(t: Tensor): string {
  const data = t.detach().contiguous().dataSync();
  return createHash('sha1').update(Buffer.from(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** [key, sha1 of the bytes] per state dict entry, as _common.init_hashes. */
export function initHashes(model: nn.Module): [string, string][] {
  return Object.entries(model.stateDict()).map(([k, v]) => [k, digest(v)]);
}

/** A fresh temporary folder for the Python-saved files. */
export function tempFolder(): string {
  return tempDir('torch-node-models-');
}

/**
 * Loads the weights Python saved into `model` (strictly), runs Python's input in eval mode and
 * checks the logits: |node - python| <= atol + rtol * |python| elementwise.
 */
export function expectSameLogits(model: nn.Module, weightsPath: string, ioPath: string, rtol = 1e-5, atol = 1e-5): void {
  const sd = load(weightsPath) as Record<string, Tensor>;
  const incompatible = model.loadStateDict(sd);
  expect(incompatible).toEqual({ missingKeys: [], unexpectedKeys: [] });
  model.eval();
  const io = load(ioPath) as { input: Tensor; logits: Tensor };
  // One intra-op thread, as the oracle runs (test/oracles/run.py): convolutions split across
  // threads sum in another order, which on some CPUs moves a logit by more than the tolerance.
  const threads = torch.getNumThreads();
  torch.setNumThreads(1);
  let y: Tensor;
  try {
    y = torch.noGrad(() => (model as (x: Tensor) => Tensor)(io.input));
  } finally {
    torch.setNumThreads(threads);
  }
  expect(y.shape).toEqual(io.logits.shape);
  const err = y.sub(io.logits).abs().sub(io.logits.abs().mul(rtol)).max().item();
  expect(err, `max(|node - python| - rtol * |python|) = ${err}`).toBeLessThanOrEqual(atol);
}

const META_KEYS: Record<string, string> = { numParams: 'num_params', minSize: 'min_size', metrics: '_metrics', ops: '_ops', fileSize: '_file_size', docs: '_docs' };

/** What _common.weights_enums gives for one enum. */
export interface PyEnum {
  members: Record<string, { url: string; meta: Record<string, unknown>; transforms: Record<string, unknown> }>;
  default: string;
}

/**
 * An enum as _common.weights_enums describes it: meta keys as Python's, categories as a count,
 * NaN metrics as 'NaN', and the preset's torchvision keyword arguments read back from the preset
 * the entry builds (only those that differ from the preset's defaults).
 */
export function describeEnum(e: models.WeightsEnum): PyEnum {
  const members: PyEnum['members'] = {};
  for (const w of e) {
    const meta: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(w.meta)) {
      const key = META_KEYS[k] ?? k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      if (k === 'categories') meta[key] = v === null ? null : (v as string[]).length;
      else if (k === 'metrics') meta[key] = JSON.parse(JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x)));
      else meta[key] = v;
    }
    const p = w.transforms() as unknown as { cropSize: number[]; resizeSize: number[]; mean: number[]; std: number[]; interpolation: string; antialias: boolean | null };
    const kw: Record<string, unknown> = { crop_size: p.cropSize[0] };
    if (p.resizeSize[0] !== 256) kw.resize_size = p.resizeSize[0];
    if (p.mean.join() !== '0.485,0.456,0.406') kw.mean = p.mean;
    if (p.std.join() !== '0.229,0.224,0.225') kw.std = p.std;
    if (p.interpolation !== 'bilinear') kw.interpolation = p.interpolation;
    if (p.antialias !== true) kw.antialias = p.antialias;
    members[w.name] = { url: w.url, meta, transforms: kw };
  }
  return { members, default: e.get('DEFAULT').name };
}
