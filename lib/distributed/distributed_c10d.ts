// torch.distributed's process groups and collectives (Python's torch/distributed/distributed_c10d.py)
// over c10d's ProcessGroupGloo. The default group and every newGroup are built as Python builds
// them (the same store prefixes, group names and sequence numbers), so Node and Python processes
// can be ranks of one job. Ranks given to collectives (src, dst) are global ranks, as in Python.
import { native } from '../binding.js';
import { Tensor } from '../tensor.js';
import { isComplex, viewAsReal } from '../generated/functions.js';
import type { GroupHandle, WorkHandle } from './native_types.js';
import { FileStore, PrefixStore, Store, TCPStore } from './store.js';
import { Work } from './work.js';

const dist = native.distributed;

/**
 * Reduction operations (Python's torch.distributed.ReduceOp). Gloo supports SUM, PRODUCT, MIN,
 * MAX, BAND, BOR and BXOR; AVG and PREMUL_SUM are NCCL's.
 * @example torch.distributed.allReduce(t, torch.distributed.ReduceOp.MAX)
 */
export const ReduceOp = {
  SUM: 0, AVG: 1, PRODUCT: 2, MIN: 3, MAX: 4, BAND: 5, BOR: 6, BXOR: 7, PREMUL_SUM: 8,
} as const;
/** One of ReduceOp's values. */
export type ReduceOp = (typeof ReduceOp)[keyof typeof ReduceOp];

/** The backends torch-node knows. */
export type Backend = 'gloo' | 'nccl';

/** Python's default_pg_timeout: 30 minutes, in ms. */
export const DEFAULT_PG_TIMEOUT_MS = 30 * 60 * 1000;

/**
 * A group of processes collectives run over (Python's ProcessGroup): the default group
 * (`group.WORLD`) or one newGroup() made.
 * @example const g = torch.distributed.newGroup([0, 1]); g.rank(); g.size();
 */
export class ProcessGroup {
  /** @internal */
  readonly handle: GroupHandle;
  /** The global ranks of the members, by group rank. */
  readonly ranks: readonly number[];
  readonly #name: string;
  readonly #backend: Backend;

  /** @internal The stores made for this group, released with it. */
  readonly ownedStores: Store[];

  /** @internal */
  constructor(handle: GroupHandle, ranks: readonly number[], name: string, backend: Backend, ownedStores: Store[] = []) {
    this.handle = handle;
    this.ranks = ranks;
    this.#name = name;
    this.#backend = backend;
    this.ownedStores = ownedStores;
  }

  /** @internal The async Works handed out, released at destroy (they hold c10d state, stores included). */
  readonly works = new Set<WeakRef<Work>>();

  /** @internal Keeps a weak reference to an async Work; forgets the collected ones now and then. */
  track(work: Work): void {
    if (this.works.size >= 1024) for (const ref of this.works) if (ref.deref() === undefined) this.works.delete(ref);
    this.works.add(new WeakRef(work));
  }

  /** @internal Shuts the backend down and drops the native group, its Works and stores now, not at GC. */
  destroy(): void {
    dist.groupShutdown(this.handle);
    for (const ref of this.works) {
      const work = ref.deref();
      if (work !== undefined) dist.release(work.handle);
    }
    this.works.clear();
    dist.release(this.handle);
    for (const s of this.ownedStores) s.release();
  }

  /** This process's rank in the group. @example group.rank() */
  rank(): number {
    return dist.groupInfo(this.handle).rank;
  }

  /** The number of processes in the group. @example group.size() */
  size(): number {
    return this.ranks.length;
  }

  /** The group's name ('0' for the default group, then '1', '2', ... as Python names them). @example group.groupName */
  get groupName(): string {
    return this.#name;
  }

  /** The backend's name. @example group.backendName // 'gloo' */
  get backendName(): Backend {
    return this.#backend;
  }

  /** @internal The group rank of a global rank, or -1. */
  groupRankOf(globalRank: number): number {
    return this.ranks.indexOf(globalRank);
  }
}

/**
 * A process outside a group newGroup() made gets this instead of a group; collectives given it do
 * nothing (as in Python).
 */
export const NON_GROUP_MEMBER: unique symbol = Symbol('torch.distributed.NON_GROUP_MEMBER');
/** A group argument: a ProcessGroup, NON_GROUP_MEMBER, or null/undefined for the default group. */
export type GroupArg = ProcessGroup | typeof NON_GROUP_MEMBER | null | undefined;

interface World {
  group: ProcessGroup;
  /**
   * The default group's store, PrefixStore('0/', PrefixStore('default_pg', rendezvous store)):
   * Python makes every newGroup's store under it.
   */
  store: Store;
  rank: number;
  worldSize: number;
  backend: Backend;
  timeout: number;
  groupCount: number;
  groups: Set<ProcessGroup>;
  /** Stores initProcessGroup made (the rendezvous store unless the caller gave one), released by destroyProcessGroup. */
  ownedStores: Store[];
}

let world: World | null = null;

function requireWorld(): World {
  if (world === null) {
    throw new Error('Default process group has not been initialized, please make sure to call init_process_group.');
  }
  return world;
}

/**
 * The group names of Python's torch.distributed.group: `group.WORLD` is the default group (null
 * before initProcessGroup).
 * @example torch.distributed.allReduce(t, { group: torch.distributed.group.WORLD })
 */
export const group = {
  get WORLD(): ProcessGroup | null {
    return world?.group ?? null;
  },
};

/**
 * True when this build has torch.distributed (the Gloo backend); unavailableReason() says why not.
 * @example if (!torch.distributed.isAvailable()) console.log(torch.distributed.unavailableReason());
 */
export function isAvailable(): boolean {
  return dist.availability().gloo;
}

/**
 * Why isAvailable() is false (and how to fix it), or null when it is true.
 * @example torch.distributed.unavailableReason()
 */
export function unavailableReason(): string | null {
  return dist.availability().reason;
}

/** True when the Gloo backend is built in. @example torch.distributed.isGlooAvailable() */
export function isGlooAvailable(): boolean {
  return dist.availability().gloo;
}

/** True when the NCCL backend is built in. @example torch.distributed.isNcclAvailable() */
export function isNcclAvailable(): boolean {
  return dist.availability().nccl;
}

/** True once initProcessGroup() ran (and destroyProcessGroup() did not). @example torch.distributed.isInitialized() */
export function isInitialized(): boolean {
  return world !== null;
}

/** Options of initProcessGroup (Python's init_process_group; timeout in ms). */
export interface InitProcessGroupOptions {
  /** 'gloo' (CPU; the default) or 'nccl' (when built with it). */
  backend?: Backend;
  /**
   * How ranks find each other: 'env://' (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE; the default),
   * 'tcp://host:port' or 'file:///path'. Not with `store`.
   */
  initMethod?: string;
  /** This process's rank (default: RANK with env://). Required with store, tcp:// and file://. */
  rank?: number;
  /** The number of processes (default: WORLD_SIZE with env://). Required with store, tcp:// and file://. */
  worldSize?: number;
  /** Milliseconds for the rendezvous and every collective. Default 30 minutes. */
  timeout?: number;
  /** A store all ranks share, instead of initMethod. */
  store?: Store;
  /** Ignored, as in Python (deprecated there). */
  groupName?: string;
}

function envOrThrow(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === '') {
    throw new Error(`Error initializing torch.distributed using env:// rendezvous: environment variable ${name} expected, but not set`);
  }
  return v;
}

function intParam(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new TypeError(`initProcessGroup: ${what} must be an integer (got '${value}')`);
  return n;
}

function useLibuv(query: URLSearchParams): boolean {
  return (query.get('use_libuv') ?? process.env.USE_LIBUV ?? '1') === '1';
}

/** Python's rendezvous(): the store, rank and world size an init method names. */
function rendezvous(initMethod: string, rankArg: number | undefined, sizeArg: number | undefined, timeout: number):
  { store: Store; rank: number; worldSize: number } {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(initMethod);
  if (!m) throw new Error(`initProcessGroup: initMethod must be 'env://', 'tcp://host:port' or 'file:///path' (got '${initMethod}')`);
  const scheme = m[1]!;
  if (scheme === 'env') {
    const query = new URLSearchParams(m[2]!.replace(/^[^?]*\??/, ''));
    const rank = rankArg ?? intParam(query.get('rank') ?? envOrThrow('RANK'), 'RANK');
    const worldSize = sizeArg ?? intParam(query.get('world_size') ?? envOrThrow('WORLD_SIZE'), 'WORLD_SIZE');
    const addr = envOrThrow('MASTER_ADDR');
    const port = intParam(envOrThrow('MASTER_PORT'), 'MASTER_PORT');
    checkRankSize(rank, worldSize);
    const store = new TCPStore(addr, port, { worldSize, isMaster: rank === 0, timeout, multiTenant: true, useLibuv: useLibuv(query) });
    return { store, rank, worldSize };
  }
  if (scheme === 'tcp') {
    const url = new URL(initMethod);
    const query = url.searchParams;
    const rank = rankArg ?? (query.has('rank') ? intParam(query.get('rank')!, 'rank') : undefined);
    const worldSize = sizeArg ?? (query.has('world_size') ? intParam(query.get('world_size')!, 'world_size') : undefined);
    if (rank === undefined) throw new Error('rank parameter missing');
    if (worldSize === undefined) throw new Error('world size parameter missing');
    if (url.port === '') throw new Error(`port number missing: ${initMethod}`);
    checkRankSize(rank, worldSize);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const store = new TCPStore(host, Number(url.port), { worldSize, isMaster: rank === 0, timeout, multiTenant: true, useLibuv: useLibuv(query) });
    return { store, rank, worldSize };
  }
  if (scheme === 'file') {
    const url = new URL(initMethod);
    const query = url.searchParams;
    const rank = rankArg ?? (query.has('rank') ? intParam(query.get('rank')!, 'rank') : undefined);
    const worldSize = sizeArg ?? (query.has('world_size') ? intParam(query.get('world_size')!, 'world_size') : undefined);
    if (rank === undefined) throw new Error('rank parameter missing');
    if (worldSize === undefined) throw new Error('world size parameter missing');
    const path = decodeURIComponent(url.pathname);
    if (path === '') throw new Error('file:// init method needs a path (file:///path/to/file)');
    checkRankSize(rank, worldSize);
    return { store: new FileStore(path, worldSize), rank, worldSize };
  }
  throw new Error(`No rendezvous handler for ${scheme}://`);
}

function checkRankSize(rank: number, worldSize: number): void {
  if (!Number.isInteger(worldSize) || worldSize < 1) throw new RangeError(`initProcessGroup: worldSize must be a positive integer (got ${worldSize})`);
  if (!Number.isInteger(rank) || rank < 0 || rank >= worldSize) {
    throw new RangeError(`initProcessGroup: rank must be in [0, worldSize) (got rank ${rank}, worldSize ${worldSize})`);
  }
}

function checkBackend(backend: unknown): Backend {
  if (backend === 'gloo' || backend === 'GLOO') {
    if (!isGlooAvailable()) throw new Error(`torch.distributed is not available: ${unavailableReason() ?? ''}`);
    return 'gloo';
  }
  if (backend === 'nccl' || backend === 'NCCL') {
    if (!isNcclAvailable()) throw new Error("Distributed package doesn't have NCCL built in: this torch-node build supports the 'gloo' backend only");
    return 'nccl';
  }
  throw new TypeError(`initProcessGroup: backend must be 'gloo' or 'nccl' (got ${typeof backend === 'string' ? `'${backend}'` : String(backend)})`);
}

function checkTimeoutMs(timeout: unknown, fn: string): number {
  if (typeof timeout !== 'number' || !(timeout > 0)) {
    throw new RangeError(`${fn}: timeout must be a positive number of milliseconds (got ${String(timeout)})`);
  }
  return timeout;
}

/** The native constructor of a backend's groups. */
function backendGroupConstructor(backend: Backend): typeof dist.newGroupGloo {
  return backend === 'nccl' ? dist.newGroupNccl : dist.newGroupGloo;
}

/** Python's _new_process_group_helper: a Gloo (or NCCL) group over PrefixStore(`${name}/`, store). */
function makeGroup(store: Store, name: string, globalRanks: number[], groupRank: number, timeout: number, backend: Backend): ProcessGroup {
  const groupStore = new PrefixStore(`${name}/`, store);
  // Python's backend prefix is the backend's device: 'cpu/' for Gloo, 'cuda/' for NCCL.
  const backendStore = new PrefixStore(backend === 'nccl' ? 'cuda/' : 'cpu/', groupStore);
  try {
    const handle = backendGroupConstructor(backend)(groupStore.handle, backendStore.handle, groupRank, globalRanks.length, timeout, name, globalRanks);
    return new ProcessGroup(handle, globalRanks, name, backend, [backendStore, groupStore]);
  } catch (e) {
    backendStore.release();
    groupStore.release();
    throw e;
  }
}

/**
 * Joins the default process group (Python's init_process_group): every rank of the job calls it.
 * Blocks until all worldSize ranks joined, or fails after the timeout naming what was missing.
 * @example
 * // RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT set (by torch-node-run or by hand):
 * torch.distributed.initProcessGroup({ backend: 'gloo' });
 * @example
 * torch.distributed.initProcessGroup({ initMethod: 'tcp://127.0.0.1:29500', rank, worldSize: 2, timeout: 60_000 });
 */
export function initProcessGroup(options: InitProcessGroupOptions = {}): void {
  if (world !== null) throw new Error('trying to initialize the default process group twice!');
  const backend = checkBackend(options.backend ?? 'gloo');
  const timeout = options.timeout === undefined ? DEFAULT_PG_TIMEOUT_MS : checkTimeoutMs(options.timeout, 'initProcessGroup');
  let store: Store;
  let rank: number;
  let worldSize: number;
  if (options.store !== undefined) {
    if (options.initMethod !== undefined) throw new Error('Cannot specify both init_method and store.');
    if (!(options.store instanceof Store)) throw new TypeError('initProcessGroup: store must be a torch.distributed.Store');
    if (options.rank === undefined || options.rank < 0) throw new Error('rank must be given when store is given');
    if (options.worldSize === undefined || options.worldSize <= 0) throw new Error('world_size must be positive if using store');
    checkRankSize(options.rank, options.worldSize);
    ({ store, rank, worldSize } = { store: options.store, rank: options.rank, worldSize: options.worldSize });
  } else {
    const initMethod = options.initMethod ?? 'env://';
    if (typeof initMethod !== 'string') throw new TypeError('initProcessGroup: initMethod must be a string');
    ({ store, rank, worldSize } = rendezvous(initMethod, options.rank, options.worldSize, timeout));
  }
  const owned = options.store === undefined ? [store] : [];
  const defaultStore = new PrefixStore('default_pg', store);
  owned.unshift(defaultStore);
  try {
    store.setTimeout(timeout);
    const ranks = Array.from({ length: worldSize }, (_, i) => i);
    // The default group's global ranks are left empty, as Python passes them.
    const groupStore = new PrefixStore('0/', defaultStore);
    const backendStore = new PrefixStore(backend === 'nccl' ? 'cuda/' : 'cpu/', groupStore);
    owned.unshift(backendStore, groupStore);
    const handle = backendGroupConstructor(backend)(groupStore.handle, backendStore.handle, rank, worldSize, timeout, '0', []);
    const pg = new ProcessGroup(handle, ranks, '0', backend);
    world = { group: pg, store: groupStore, rank, worldSize, backend, timeout, groupCount: 1, groups: new Set([pg]), ownedStores: owned };
  } catch (e) {
    // No socket or server of a failed init outlives it (a retry may use the same port).
    for (const s of owned) s.release();
    throw e;
  }
}

/**
 * Leaves a group: the default group (and every group made from it) when none is given (Python's
 * destroy_process_group).
 * @example torch.distributed.destroyProcessGroup()
 */
export function destroyProcessGroup(group?: GroupArg): void {
  if (group === NON_GROUP_MEMBER) return;
  const w = requireWorld();
  if (group === undefined || group === null || group === w.group) {
    // Subgroups first: they hold the default group's store.
    for (const g of [...w.groups].reverse()) g.destroy();
    for (const s of w.ownedStores) s.release();
    world = null;
    return;
  }
  if (!w.groups.has(group)) throw new Error('Invalid process group specified');
  group.destroy();
  w.groups.delete(group);
}

/** Options of newGroup (Python's new_group). */
export interface NewGroupOptions {
  /** Milliseconds for the group's collectives (default: the default group's). */
  timeout?: number;
  /** Default: the default group's. */
  backend?: Backend;
}

/**
 * A group of some of the ranks (Python's new_group): EVERY rank of the default group calls it with
 * the same ranks, in the same order as its other newGroup calls; members get the group, the others
 * NON_GROUP_MEMBER.
 * @example
 * const evens = torch.distributed.newGroup([0, 2]);
 * if (evens !== torch.distributed.NON_GROUP_MEMBER) torch.distributed.allReduce(t, { group: evens });
 */
export function newGroup(ranks?: number[] | null, options: NewGroupOptions = {}): ProcessGroup | typeof NON_GROUP_MEMBER {
  const w = requireWorld();
  const backend = options.backend === undefined ? w.backend : checkBackend(options.backend);
  const timeout = options.timeout === undefined ? w.timeout : checkTimeoutMs(options.timeout, 'newGroup');
  let members: number[];
  if (ranks === undefined || ranks === null || ranks.length === 0) {
    members = Array.from({ length: w.worldSize }, (_, i) => i);
  } else {
    if (!Array.isArray(ranks)) throw new TypeError('newGroup(ranks): ranks must be an array of global ranks');
    members = [...ranks].sort((a, b) => a - b);
    for (const r of members) {
      if (!Number.isInteger(r) || r < 0 || r >= w.worldSize) {
        throw new RangeError(`Rank ${String(r)} is out of range. Valid ranks are 0 to ${w.worldSize - 1} (world_size=${w.worldSize})`);
      }
    }
    if (new Set(members).size !== members.length) throw new RangeError(`ranks list must not contain duplicate entries, got [${members.join(', ')}]`);
  }
  const name = String(w.groupCount++);
  const groupRank = members.indexOf(w.rank);
  if (groupRank < 0) return NON_GROUP_MEMBER;
  const pg = makeGroup(w.store, name, members, groupRank, timeout, backend);
  w.groups.add(pg);
  return pg;
}

function resolveGroup(group: GroupArg, fn: string): ProcessGroup | null {
  if (group === NON_GROUP_MEMBER) return null;
  const w = requireWorld();
  if (group === undefined || group === null) return w.group;
  if (!(group instanceof ProcessGroup)) throw new TypeError(`${fn}: group must be a ProcessGroup from newGroup() or group.WORLD`);
  if (!w.groups.has(group)) throw new Error(`${fn}: the group was destroyed`);
  return group;
}

/**
 * This process's rank: in the default group, or in `group` (-1 when not a member), as Python's get_rank.
 * @example torch.distributed.getRank()
 */
export function getRank(group?: GroupArg): number {
  const pg = resolveGroup(group, 'getRank');
  return pg === null ? -1 : pg.rank();
}

/**
 * The number of processes: in the default group, or in `group` (-1 when not a member).
 * @example torch.distributed.getWorldSize()
 */
export function getWorldSize(group?: GroupArg): number {
  const pg = resolveGroup(group, 'getWorldSize');
  return pg === null ? -1 : pg.size();
}

/**
 * The backend of the default group or of `group`.
 * @example torch.distributed.getBackend() // 'gloo'
 */
export function getBackend(group?: GroupArg): Backend {
  const pg = resolveGroup(group, 'getBackend');
  if (pg === null) throw new Error('Invalid process group specified');
  return pg.backendName;
}

/**
 * The global ranks of a group's members, by group rank.
 * @example torch.distributed.getProcessGroupRanks(g) // [0, 2]
 */
export function getProcessGroupRanks(group: ProcessGroup): number[] {
  const pg = resolveGroup(group, 'getProcessGroupRanks');
  return pg === null ? [] : [...pg.ranks];
}

/**
 * The group rank of a global rank (Python's get_group_rank).
 * @example torch.distributed.getGroupRank(g, 2) // 1 in newGroup([0, 2])
 */
export function getGroupRank(group: ProcessGroup, globalRank: number): number {
  const pg = resolveGroup(group, 'getGroupRank')!;
  const r = pg.groupRankOf(globalRank);
  if (r < 0) throw new RangeError(`Global rank ${globalRank} is not part of group ${pg.groupName}`);
  return r;
}

/**
 * The global rank of a group rank (Python's get_global_rank).
 * @example torch.distributed.getGlobalRank(g, 1) // 2 in newGroup([0, 2])
 */
export function getGlobalRank(group: ProcessGroup, groupRank: number): number {
  const pg = resolveGroup(group, 'getGlobalRank')!;
  const r = pg.ranks[groupRank];
  if (r === undefined) throw new RangeError(`Group rank ${groupRank} is not part of group ${pg.groupName}`);
  return r;
}

// ---- Collectives -----------------------------------------------------------------------------

/** Options every collective takes. */
export interface CollectiveOptions {
  /** The group (default: the default group). */
  group?: GroupArg;
  /** Return a Work instead of waiting (Python's async_op). */
  asyncOp?: boolean;
}
/** Options of reducing collectives. */
export interface ReduceOptions extends CollectiveOptions {
  /** Default ReduceOp.SUM. */
  op?: ReduceOp;
}
/** An options argument with asyncOp: true. */
export type Async<T> = T & { asyncOp: true };

function reduceOptions(arg: ReduceOp | ReduceOptions | undefined, fn: string): ReduceOptions {
  if (arg === undefined) return {};
  if (typeof arg === 'number') return { op: arg };
  if (typeof arg !== 'object' || arg === null) throw new TypeError(`${fn}: expected a ReduceOp or an options object`);
  return arg;
}

function opValue(op: unknown, fn: string): number {
  if (op === undefined) return ReduceOp.SUM;
  if (typeof op !== 'number' || !Object.values(ReduceOp).includes(op as ReduceOp)) {
    throw new TypeError(`${fn}: op must be a torch.distributed.ReduceOp (got ${String(op)})`);
  }
  return op;
}

function tensorArg(t: unknown, fn: string, what: string): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}: ${what} must be a Tensor`);
  return t;
}

/** Complex tensors travel as their real views (Gloo has no complex types), as in Python. */
function realView(t: Tensor): Tensor {
  return isComplex(t) ? viewAsReal(t) : t;
}

/** The ops Python's supports_complex refuses. */
const NOT_COMPLEX: readonly number[] = [ReduceOp.MAX, ReduceOp.MIN, ReduceOp.PRODUCT, ReduceOp.BAND, ReduceOp.BOR, ReduceOp.BXOR];
const OP_NAMES = Object.fromEntries(Object.entries(ReduceOp).map(([k, v]) => [v, k])) as Record<number, string>;

function tensorListArg(list: unknown, fn: string, what: string): Tensor[] {
  if (!Array.isArray(list)) throw new TypeError(`${fn}: ${what} must be an array of Tensors`);
  list.forEach((t, i) => tensorArg(t, fn, `${what}[${i}]`));
  return list as Tensor[];
}

/** The group rank of a global src/dst, with Python's error when it is not a member. */
function peer(pg: ProcessGroup, globalRank: unknown, fn: string, what: string): number {
  if (!Number.isInteger(globalRank)) throw new TypeError(`${fn}: ${what} must be an integer rank (got ${String(globalRank)})`);
  const r = pg.groupRankOf(globalRank as number);
  if (r < 0) throw new RangeError(`${fn}: ${what} ${String(globalRank)}: Group ${pg.groupName} does not contain global rank ${String(globalRank)}`);
  return r;
}

function finish(work: WorkHandle, asyncOp: boolean | undefined, pg: ProcessGroup): Work | undefined {
  const w = new Work(work);
  if (asyncOp) {
    pg.track(w);
    return w;
  }
  try {
    w.wait();
  } finally {
    // Nobody else sees this Work: drop its tensors and c10d state now, not at garbage collection.
    dist.release(work);
  }
  return undefined;
}

/**
 * Reduces the tensor across all ranks, in place, with op (default SUM) (Python's all_reduce).
 * @example
 * const t = torch.tensor([rank + 1]);
 * torch.distributed.allReduce(t);                               // every rank: sum of 1..worldSize
 * torch.distributed.allReduce(t, torch.distributed.ReduceOp.MAX);
 * await torch.distributed.allReduce(t, { op: torch.distributed.ReduceOp.MIN, asyncOp: true });
 */
export function allReduce(tensor: Tensor, options: Async<ReduceOptions>): Work;
export function allReduce(tensor: Tensor, options?: ReduceOp | ReduceOptions): Work | undefined;
export function allReduce(tensor: Tensor, options?: ReduceOp | ReduceOptions): Work | undefined {
  const o = reduceOptions(options, 'allReduce');
  const pg = resolveGroup(o.group, 'allReduce');
  tensorArg(tensor, 'allReduce', 'tensor');
  if (pg === null) return undefined;
  const op = opValue(o.op, 'allReduce');
  if (isComplex(tensor) && NOT_COMPLEX.includes(op)) {
    throw new TypeError(`allReduce does not support ReduceOp.${OP_NAMES[op]} on complex tensors`);
  }
  return finish(dist.allReduce(pg.handle, [realView(tensor)], op, !!o.asyncOp), o.asyncOp, pg);
}

/**
 * Copies src's tensor into the tensor of every rank (Python's broadcast; src is a global rank).
 * @example torch.distributed.broadcast(weights, 0)
 */
export function broadcast(tensor: Tensor, src: number, options: Async<CollectiveOptions>): Work;
export function broadcast(tensor: Tensor, src: number, options?: CollectiveOptions): Work | undefined;
export function broadcast(tensor: Tensor, src: number, options: CollectiveOptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'broadcast');
  tensorArg(tensor, 'broadcast', 'tensor');
  if (pg === null) return undefined;
  return finish(dist.broadcast(pg.handle, [realView(tensor)], peer(pg, src, 'broadcast', 'src'), !!options.asyncOp), options.asyncOp, pg);
}

/**
 * Reduces the tensor of every rank into dst's tensor (Python's reduce).
 * @example torch.distributed.reduce(t, 0, torch.distributed.ReduceOp.SUM)
 */
export function reduce(tensor: Tensor, dst: number, options: Async<ReduceOptions>): Work;
export function reduce(tensor: Tensor, dst: number, options?: ReduceOp | ReduceOptions): Work | undefined;
export function reduce(tensor: Tensor, dst: number, options?: ReduceOp | ReduceOptions): Work | undefined {
  const o = reduceOptions(options, 'reduce');
  const pg = resolveGroup(o.group, 'reduce');
  tensorArg(tensor, 'reduce', 'tensor');
  if (pg === null) return undefined;
  return finish(dist.reduce(pg.handle, tensor, peer(pg, dst, 'reduce', 'dst'), opValue(o.op, 'reduce'), !!o.asyncOp), o.asyncOp, pg);
}

/**
 * Gathers every rank's tensor into tensorList (one tensor per rank, by group rank) on every rank
 * (Python's all_gather).
 * @example
 * const out = Array.from({ length: worldSize }, () => torch.zeros([2]));
 * torch.distributed.allGather(out, torch.tensor([rank, rank]));
 */
export function allGather(tensorList: Tensor[], tensor: Tensor, options: Async<CollectiveOptions>): Work;
export function allGather(tensorList: Tensor[], tensor: Tensor, options?: CollectiveOptions): Work | undefined;
export function allGather(tensorList: Tensor[], tensor: Tensor, options: CollectiveOptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'allGather');
  tensorListArg(tensorList, 'allGather', 'tensorList');
  tensorArg(tensor, 'allGather', 'tensor');
  if (pg === null) return undefined;
  return finish(dist.allGather(pg.handle, tensorList.map(realView), realView(tensor), !!options.asyncOp), options.asyncOp, pg);
}

/**
 * Gathers every rank's input into one output tensor, concatenated along dim 0 by group rank
 * (Python's all_gather_into_tensor).
 * @example
 * const out = torch.zeros([worldSize * 2]);
 * torch.distributed.allGatherIntoTensor(out, torch.tensor([rank, rank]));
 */
export function allGatherIntoTensor(outputTensor: Tensor, inputTensor: Tensor, options: Async<CollectiveOptions>): Work;
export function allGatherIntoTensor(outputTensor: Tensor, inputTensor: Tensor, options?: CollectiveOptions): Work | undefined;
export function allGatherIntoTensor(outputTensor: Tensor, inputTensor: Tensor, options: CollectiveOptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'allGatherIntoTensor');
  tensorArg(outputTensor, 'allGatherIntoTensor', 'outputTensor');
  tensorArg(inputTensor, 'allGatherIntoTensor', 'inputTensor');
  if (pg === null) return undefined;
  return finish(dist.allGatherIntoTensor(pg.handle, realView(outputTensor), realView(inputTensor), !!options.asyncOp), options.asyncOp, pg);
}

/**
 * Reduces inputList[i] of every rank into output of group rank i (Python's reduce_scatter).
 * @example torch.distributed.reduceScatter(out, [a, b])
 */
export function reduceScatter(output: Tensor, inputList: Tensor[], options: Async<ReduceOptions>): Work;
export function reduceScatter(output: Tensor, inputList: Tensor[], options?: ReduceOp | ReduceOptions): Work | undefined;
export function reduceScatter(output: Tensor, inputList: Tensor[], options?: ReduceOp | ReduceOptions): Work | undefined {
  const o = reduceOptions(options, 'reduceScatter');
  const pg = resolveGroup(o.group, 'reduceScatter');
  tensorArg(output, 'reduceScatter', 'output');
  tensorListArg(inputList, 'reduceScatter', 'inputList');
  if (pg === null) return undefined;
  return finish(dist.reduceScatter(pg.handle, output, inputList, opValue(o.op, 'reduceScatter'), !!o.asyncOp), o.asyncOp, pg);
}

/**
 * Reduces input (worldSize chunks along dim 0) across ranks; group rank i gets chunk i in output
 * (Python's reduce_scatter_tensor).
 * @example torch.distributed.reduceScatterTensor(torch.zeros([2]), torch.ones([2 * worldSize]))
 */
export function reduceScatterTensor(output: Tensor, input: Tensor, options: Async<ReduceOptions>): Work;
export function reduceScatterTensor(output: Tensor, input: Tensor, options?: ReduceOp | ReduceOptions): Work | undefined;
export function reduceScatterTensor(output: Tensor, input: Tensor, options?: ReduceOp | ReduceOptions): Work | undefined {
  const o = reduceOptions(options, 'reduceScatterTensor');
  const pg = resolveGroup(o.group, 'reduceScatterTensor');
  tensorArg(output, 'reduceScatterTensor', 'output');
  tensorArg(input, 'reduceScatterTensor', 'input');
  if (pg === null) return undefined;
  return finish(dist.reduceScatterTensor(pg.handle, output, input, opValue(o.op, 'reduceScatterTensor'), !!o.asyncOp), o.asyncOp, pg);
}

/**
 * Gathers every rank's tensor into gatherList on dst (Python's gather; gatherList only on dst).
 * @example
 * const list = rank === 0 ? [torch.zeros([1]), torch.zeros([1])] : null;
 * torch.distributed.gather(torch.tensor([rank]), list, 0);
 */
export function gather(tensor: Tensor, gatherList: Tensor[] | null, dst: number, options: Async<CollectiveOptions>): Work;
export function gather(tensor: Tensor, gatherList?: Tensor[] | null, dst?: number, options?: CollectiveOptions): Work | undefined;
export function gather(tensor: Tensor, gatherList: Tensor[] | null = null, dst = 0, options: CollectiveOptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'gather');
  tensorArg(tensor, 'gather', 'tensor');
  if (gatherList !== null && gatherList !== undefined) tensorListArg(gatherList, 'gather', 'gatherList');
  if (pg === null) return undefined;
  return finish(dist.gather(pg.handle, gatherList ?? null, tensor, peer(pg, dst, 'gather', 'dst'), !!options.asyncOp), options.asyncOp, pg);
}

/**
 * Scatters src's scatterList (one tensor per group rank) into every rank's tensor (Python's scatter).
 * @example
 * const list = rank === 0 ? [torch.tensor([1]), torch.tensor([2])] : null;
 * torch.distributed.scatter(out, list, 0);
 */
export function scatter(tensor: Tensor, scatterList: Tensor[] | null, src: number, options: Async<CollectiveOptions>): Work;
export function scatter(tensor: Tensor, scatterList?: Tensor[] | null, src?: number, options?: CollectiveOptions): Work | undefined;
export function scatter(tensor: Tensor, scatterList: Tensor[] | null = null, src = 0, options: CollectiveOptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'scatter');
  tensorArg(tensor, 'scatter', 'tensor');
  if (scatterList !== null && scatterList !== undefined) tensorListArg(scatterList, 'scatter', 'scatterList');
  if (pg === null) return undefined;
  return finish(dist.scatter(pg.handle, tensor, scatterList ?? null, peer(pg, src, 'scatter', 'src'), !!options.asyncOp), options.asyncOp, pg);
}

/**
 * Sends inputTensorList[i] to group rank i and receives rank i's into outputTensorList[i] (Python's all_to_all).
 * @example torch.distributed.allToAll(outputs, inputs)
 */
export function allToAll(outputTensorList: Tensor[], inputTensorList: Tensor[], options: Async<CollectiveOptions>): Work;
export function allToAll(outputTensorList: Tensor[], inputTensorList: Tensor[], options?: CollectiveOptions): Work | undefined;
export function allToAll(outputTensorList: Tensor[], inputTensorList: Tensor[], options: CollectiveOptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'allToAll');
  tensorListArg(outputTensorList, 'allToAll', 'outputTensorList');
  tensorListArg(inputTensorList, 'allToAll', 'inputTensorList');
  if (pg === null) return undefined;
  return finish(dist.allToAll(pg.handle, outputTensorList, inputTensorList, !!options.asyncOp), options.asyncOp, pg);
}

/** Options of allToAllSingle. */
export interface AllToAllSingleOptions extends CollectiveOptions {
  /** Rows (dim 0) received from each rank; default: equal parts. */
  outputSplitSizes?: number[] | null;
  /** Rows (dim 0) sent to each rank; default: equal parts. */
  inputSplitSizes?: number[] | null;
}

/**
 * allToAll over one input and one output tensor split along dim 0 (Python's all_to_all_single).
 * @example torch.distributed.allToAllSingle(out, torch.arange(worldSize))
 */
export function allToAllSingle(output: Tensor, input: Tensor, options: Async<AllToAllSingleOptions>): Work;
export function allToAllSingle(output: Tensor, input: Tensor, options?: AllToAllSingleOptions): Work | undefined;
export function allToAllSingle(output: Tensor, input: Tensor, options: AllToAllSingleOptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'allToAllSingle');
  tensorArg(output, 'allToAllSingle', 'output');
  tensorArg(input, 'allToAllSingle', 'input');
  if (pg === null) return undefined;
  return finish(dist.allToAllSingle(pg.handle, output, input, options.outputSplitSizes ?? null, options.inputSplitSizes ?? null,
    !!options.asyncOp), options.asyncOp, pg);
}

/** Options of barrier. */
export interface BarrierOptions extends CollectiveOptions {
  /** Milliseconds (default: the group's timeout). */
  timeout?: number;
}

/**
 * Waits until every rank of the group reached it (Python's barrier).
 * @example torch.distributed.barrier()
 */
export function barrier(options: Async<BarrierOptions>): Work;
export function barrier(options?: BarrierOptions): Work | undefined;
export function barrier(options: BarrierOptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'barrier');
  if (pg === null) return undefined;
  const timeout = options.timeout === undefined ? undefined : checkTimeoutMs(options.timeout, 'barrier');
  return finish(dist.barrier(pg.handle, timeout, !!options.asyncOp), options.asyncOp, pg);
}

/** Options of monitoredBarrier. */
export interface MonitoredBarrierOptions {
  group?: GroupArg;
  /** Milliseconds (default: the group's timeout). */
  timeout?: number;
  /** Report every rank that did not arrive, not only the first. Default false. */
  waitAllRanks?: boolean;
}

/**
 * A barrier whose timeout error names the ranks that did not arrive (Python's monitored_barrier; Gloo only).
 * @example torch.distributed.monitoredBarrier({ timeout: 10_000, waitAllRanks: true })
 */
export function monitoredBarrier(options: MonitoredBarrierOptions = {}): void {
  const pg = resolveGroup(options.group, 'monitoredBarrier');
  if (pg === null) return;
  const timeout = options.timeout === undefined ? undefined : checkTimeoutMs(options.timeout, 'monitoredBarrier');
  dist.monitoredBarrier(pg.handle, timeout, !!options.waitAllRanks);
}

/** Options of point-to-point operations. */
export interface P2POptions {
  group?: GroupArg;
  /** Matches a send with a recv. Default 0. */
  tag?: number;
}

function tagOf(tag: unknown, fn: string): number {
  if (tag === undefined) return 0;
  if (!Number.isInteger(tag)) throw new TypeError(`${fn}: tag must be an integer`);
  return tag as number;
}

/**
 * Sends tensor to dst without waiting for it to arrive (Python's isend).
 * @example await torch.distributed.isend(t, 1)
 */
export function isend(tensor: Tensor, dst: number, options: P2POptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'isend');
  tensorArg(tensor, 'isend', 'tensor');
  if (pg === null) return undefined;
  const work = new Work(dist.send(pg.handle, tensor, peer(pg, dst, 'isend', 'dst'), tagOf(options.tag, 'isend')));
  pg.track(work);
  return work;
}

/**
 * Sends tensor to dst and waits until it was sent (Python's send).
 * @example torch.distributed.send(t, 1)
 */
export function send(tensor: Tensor, dst: number, options: P2POptions = {}): void {
  const work = isend(tensor, dst, options);
  if (work === undefined) return;
  try {
    work.wait();
  } finally {
    dist.release(work.handle);
  }
}

/**
 * Receives into tensor from src, or from any rank when src is null/undefined, without waiting
 * (Python's irecv); work.sourceRank() names the sender.
 * @example const work = torch.distributed.irecv(t, 0); await work;
 */
export function irecv(tensor: Tensor, src?: number | null, options: P2POptions = {}): Work | undefined {
  const pg = resolveGroup(options.group, 'irecv');
  tensorArg(tensor, 'irecv', 'tensor');
  if (pg === null) return undefined;
  const from = src === undefined || src === null ? -1 : peer(pg, src, 'irecv', 'src');
  const work = new Work(dist.recv(pg.handle, tensor, from, tagOf(options.tag, 'irecv')), (r) => pg.ranks[r] ?? r);
  pg.track(work);
  return work;
}

/**
 * Receives into tensor from src (any rank when null/undefined) and returns the sender's global
 * rank (Python's recv); -1 when not a member of the group.
 * @example const from = torch.distributed.recv(t);
 */
export function recv(tensor: Tensor, src?: number | null, options: P2POptions = {}): number {
  const work = irecv(tensor, src, options);
  if (work === undefined) return -1;
  try {
    work.wait();
    return src === undefined || src === null ? work.sourceRank() : src;
  } finally {
    dist.release(work.handle);
  }
}
