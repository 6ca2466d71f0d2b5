// The native side of torch.distributed (native/distributed*.cpp), as lib/binding.ts declares it.
// Handles are opaque c10d objects; ranks are ranks of the handle's group.
import type { Tensor } from '../tensor.js';

/** A c10d::Store. */
export interface StoreHandle { readonly __storeHandle: unique symbol }
/** A c10d::ProcessGroup. */
export interface GroupHandle { readonly __groupHandle: unique symbol }
/** A c10d::Work. */
export interface WorkHandle { readonly __workHandle: unique symbol }

export interface DistributedBinding {
  /** What this build has; reason says why Gloo is missing. */
  availability(): { gloo: boolean; nccl: boolean; reason: string | null };
  /** Drops the handle's reference now (later use throws). */
  release(handle: StoreHandle | GroupHandle | WorkHandle): void;
  tcpStore(host: string, port: number, worldSize: number | null, isMaster: boolean, timeoutMs: number,
    waitWorkers: boolean, multiTenant: boolean, useLibuv: boolean): StoreHandle;
  tcpStoreAsync(host: string, port: number, worldSize: number | null, isMaster: boolean, timeoutMs: number,
    waitWorkers: boolean, multiTenant: boolean, useLibuv: boolean): Promise<StoreHandle>;
  tcpStoreInfo(store: StoreHandle): { host: string; port: number; libuvBackend: boolean } | null;
  fileStore(path: string, worldSize: number | null): StoreHandle;
  hashStore(): StoreHandle;
  prefixStore(prefix: string, store: StoreHandle): StoreHandle;
  storeSet(store: StoreHandle, key: string, value: string | Uint8Array): void;
  storeGet(store: StoreHandle, key: string): Buffer;
  storeGetAsync(store: StoreHandle, key: string): Promise<Buffer>;
  storeAdd(store: StoreHandle, key: string, amount: number): number;
  storeCompareSet(store: StoreHandle, key: string, expected: string | Uint8Array, desired: string | Uint8Array): Buffer;
  storeWait(store: StoreHandle, keys: string[], timeoutMs?: number): void;
  storeWaitAsync(store: StoreHandle, keys: string[], timeoutMs?: number): Promise<void>;
  storeDeleteKey(store: StoreHandle, key: string): boolean;
  storeNumKeys(store: StoreHandle): number;
  storeCheck(store: StoreHandle, keys: string[]): boolean;
  storeSetTimeout(store: StoreHandle, timeoutMs: number): void;
  storeGetTimeout(store: StoreHandle): number;

  workWait(work: WorkHandle, timeoutMs?: number): boolean;
  workIsCompleted(work: WorkHandle): boolean;
  workIsSuccess(work: WorkHandle): boolean;
  workException(work: WorkHandle): Error | null;
  workSourceRank(work: WorkHandle): number;
  workPromise(work: WorkHandle): Promise<void>;

  newGroupGloo(groupStore: StoreHandle, backendStore: StoreHandle, rank: number, size: number, timeoutMs: number,
    name: string, globalRanks: number[]): GroupHandle;
  newGroupNccl(groupStore: StoreHandle, backendStore: StoreHandle, rank: number, size: number, timeoutMs: number,
    name: string, globalRanks: number[]): GroupHandle;
  groupInfo(group: GroupHandle): { rank: number; size: number; backend: string; name: string };
  groupShutdown(group: GroupHandle): void;
  allReduce(group: GroupHandle, tensors: Tensor[], op: number, asyncOp: boolean): WorkHandle;
  broadcast(group: GroupHandle, tensors: Tensor[], src: number, asyncOp: boolean): WorkHandle;
  reduce(group: GroupHandle, tensor: Tensor, dst: number, op: number, asyncOp: boolean): WorkHandle;
  allGather(group: GroupHandle, outputs: Tensor[], input: Tensor, asyncOp: boolean): WorkHandle;
  allGatherIntoTensor(group: GroupHandle, output: Tensor, input: Tensor, asyncOp: boolean): WorkHandle;
  reduceScatter(group: GroupHandle, output: Tensor, inputs: Tensor[], op: number, asyncOp: boolean): WorkHandle;
  reduceScatterTensor(group: GroupHandle, output: Tensor, input: Tensor, op: number, asyncOp: boolean): WorkHandle;
  gather(group: GroupHandle, outputs: Tensor[] | null, input: Tensor, dst: number, asyncOp: boolean): WorkHandle;
  scatter(group: GroupHandle, output: Tensor, inputs: Tensor[] | null, src: number, asyncOp: boolean): WorkHandle;
  allToAll(group: GroupHandle, outputs: Tensor[], inputs: Tensor[], asyncOp: boolean): WorkHandle;
  allToAllSingle(group: GroupHandle, output: Tensor, input: Tensor, outputSplitSizes: number[] | null,
    inputSplitSizes: number[] | null, asyncOp: boolean): WorkHandle;
  barrier(group: GroupHandle, timeoutMs: number | undefined, asyncOp: boolean): WorkHandle;
  monitoredBarrier(group: GroupHandle, timeoutMs: number | undefined, waitAllRanks: boolean): void;
  send(group: GroupHandle, tensor: Tensor, dst: number, tag: number): WorkHandle;
  /** src -1: any source. */
  recv(group: GroupHandle, tensor: Tensor, src: number, tag: number): WorkHandle;
}
