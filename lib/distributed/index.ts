// torch.distributed: process groups and collectives over c10d (Gloo), and c10d's stores.
export {
  ReduceOp, ProcessGroup, NON_GROUP_MEMBER, group, DEFAULT_PG_TIMEOUT_MS,
  isAvailable, unavailableReason, isGlooAvailable, isNcclAvailable, isInitialized,
  initProcessGroup, destroyProcessGroup, newGroup, getRank, getWorldSize, getBackend,
  getProcessGroupRanks, getGroupRank, getGlobalRank,
  allReduce, broadcast, reduce, allGather, allGatherIntoTensor, reduceScatter, reduceScatterTensor,
  gather, scatter, allToAll, allToAllSingle, barrier, monitoredBarrier, send, recv, isend, irecv,
} from './distributed_c10d.js';
export type {
  Backend, GroupArg, InitProcessGroupOptions, NewGroupOptions, CollectiveOptions, ReduceOptions, Async,
  AllToAllSingleOptions, BarrierOptions, MonitoredBarrierOptions, P2POptions,
} from './distributed_c10d.js';
export { Store, TCPStore, FileStore, HashStore, PrefixStore, DEFAULT_STORE_TIMEOUT_MS } from './store.js';
export type { TCPStoreOptions } from './store.js';
export { Work } from './work.js';
