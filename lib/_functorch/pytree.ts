// The pytrees of torch.func: arrays (Python's tuples and lists) and plain objects (dicts) are
// nodes, everything else (tensors, numbers, null) is a leaf, as torch.utils._pytree flattens.
import { isPlainObject } from '../validate.js';

/** The structure of a pytree: a leaf, or a node over children. */
export type TreeSpec =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'array'; readonly children: readonly TreeSpec[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly children: readonly TreeSpec[] };

const LEAF: TreeSpec = { kind: 'leaf' };

/** Leaves in order (object keys in insertion order, as Python dicts) and the structure. */
export function treeFlatten(tree: unknown): [unknown[], TreeSpec] {
  const leaves: unknown[] = [];
  const spec = flattenInto(tree, leaves);
  return [leaves, spec];
}

function flattenInto(tree: unknown, leaves: unknown[]): TreeSpec {
  if (Array.isArray(tree)) return { kind: 'array', children: tree.map((c) => flattenInto(c, leaves)) };
  if (isPlainObject(tree)) {
    const keys = Object.keys(tree);
    return { kind: 'object', keys, children: keys.map((k) => flattenInto(tree[k], leaves)) };
  }
  leaves.push(tree);
  return LEAF;
}

/** The number of leaves of a structure. */
export function numLeaves(spec: TreeSpec): number {
  if (spec.kind === 'leaf') return 1;
  let n = 0;
  for (const c of spec.children) n += numLeaves(c);
  return n;
}

/** Rebuilds a tree of `spec`'s structure from leaves. */
export function treeUnflatten(leaves: readonly unknown[], spec: TreeSpec): unknown {
  let i = 0;
  const build = (s: TreeSpec): unknown => {
    if (s.kind === 'leaf') return leaves[i++];
    if (s.kind === 'array') return s.children.map(build);
    const out: Record<string, unknown> = {};
    s.children.forEach((c, k) => { out[s.keys[k]] = build(c); });
    return out;
  };
  return build(spec);
}

/** f applied to every leaf. */
export function treeMap(tree: unknown, f: (leaf: unknown) => unknown): unknown {
  const [leaves, spec] = treeFlatten(tree);
  return treeUnflatten(leaves.map(f), spec);
}

export function specEquals(a: TreeSpec, b: TreeSpec): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'leaf') return true;
  const bc = (b as { children: readonly TreeSpec[] }).children;
  if (a.children.length !== bc.length) return false;
  if (a.kind === 'object') {
    const bk = (b as { keys: readonly string[] }).keys;
    if (a.keys.some((k, i) => k !== bk[i])) return false;
  }
  return a.children.every((c, i) => specEquals(c, bc[i]));
}

/** Python's TreeSpec repr, for messages: TreeSpec(tuple, None, [*, *]). */
export function specString(spec: TreeSpec): string {
  if (spec.kind === 'leaf') return '*';
  const children = spec.children.map(specString).join(', ');
  if (spec.kind === 'array') return `TreeSpec(tuple, None, [${children}])`;
  return `TreeSpec(dict, [${spec.keys.map((k) => `'${k}'`).join(', ')}], [${children}])`;
}

/**
 * A prefix tree (`inDims`/`outDims`) broadcast to `spec`'s leaves: a leaf of the prefix covers
 * the whole subtree under it (torch.utils._pytree._broadcast_to_and_flatten); null when the
 * prefix does not match the structure.
 */
export function broadcastToAndFlatten(prefix: unknown, spec: TreeSpec): unknown[] | null {
  const out: unknown[] = [];
  const walk = (p: unknown, s: TreeSpec): boolean => {
    if (!Array.isArray(p) && !isPlainObject(p)) {
      for (let i = numLeaves(s); i > 0; --i) out.push(p);
      return true;
    }
    if (Array.isArray(p)) {
      if (s.kind !== 'array' || s.children.length !== p.length) return false;
      return s.children.every((c, i) => walk(p[i], c));
    }
    if (s.kind !== 'object') return false;
    const keys = Object.keys(p);
    if (keys.length !== s.keys.length || keys.some((k) => !s.keys.includes(k))) return false;
    return s.children.every((c, i) => walk((p as Record<string, unknown>)[s.keys[i]], c));
  };
  return walk(prefix, spec) ? out : null;
}
