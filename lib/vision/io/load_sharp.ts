// sharp, imported on first use: importing torch-node/vision does not load libvips.
import type { SharpFactory } from './sharp_job.js';

let sharpPromise: Promise<SharpFactory> | undefined;

/** sharp's factory, imported once. */
export function loadSharp(): Promise<SharpFactory> {
  sharpPromise ??= import('sharp').then((m) => (m as unknown as { default: SharpFactory }).default);
  return sharpPromise;
}
