// Shared by the classification-model tests: each family's test states, against torchvision
// (test/oracles/vision/models/_common.py), (a) the state dict's keys and shapes and the parameter
// count of every builder, (b) the initialisation after torch.manualSeed (a hash per tensor) of
// the family's smallest member, (c) the logits of Python-initialised weights loaded into the Node
// model, in eval mode.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { load } from '../../../lib/serialization/index.js';
import type { nn } from '../../../lib/index.js';
import { models } from '../../../lib/vision/index.js';
import { snakeToCamel } from '../../../lib/names.js';

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
  return mkdtempSync(join(tmpdir(), 'torch-node-models-'));
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
  const y = torch.noGrad(() => (model as (x: Tensor) => Tensor)(io.input));
  expect(y.shape).toEqual(io.logits.shape);
  const err = y.sub(io.logits).abs().sub(io.logits.abs().mul(rtol)).max().item();
  expect(err, `max(|node - python| - rtol * |python|) = ${err}`).toBeLessThanOrEqual(atol);
}
