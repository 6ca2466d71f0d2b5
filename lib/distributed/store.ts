// torch.distributed's key-value stores (c10d's Store classes): the rendezvous of process groups,
// usable on their own. Keys are strings; values are bytes (strings are stored as UTF-8).
import { native } from '../binding.js';
import type { StoreHandle } from './native_types.js';

const dist = native.distributed;

/** c10d's default store timeout: 300 s. */
export const DEFAULT_STORE_TIMEOUT_MS = 300_000;

function checkKey(key: unknown, fn: string): asserts key is string {
  if (typeof key !== 'string') throw new TypeError(`Store.${fn}(key): key must be a string (got ${typeof key})`);
}

function checkKeys(keys: unknown, fn: string): asserts keys is string[] {
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
    throw new TypeError(`Store.${fn}(keys): keys must be an array of strings`);
  }
}

function checkTimeout(timeout: unknown, what: string): asserts timeout is number {
  if (typeof timeout !== 'number' || !(timeout >= 0)) {
    throw new RangeError(`${what}: timeout must be a non-negative number of milliseconds (got ${String(timeout)})`);
  }
}

/**
 * A c10d key-value store shared by the processes of a job (Python's torch.distributed.Store).
 * Blocking calls (get, wait) block the calling thread as in Python; getAsync/waitAsync wait on a
 * thread of their own and leave the event loop free. A timeout throws an Error named
 * `DistStoreError` (Python's class), a failed connection one named `DistNetworkError`.
 * @example
 * const store = new torch.distributed.HashStore();
 * store.set('key', 'value');
 * store.get('key').toString(); // 'value'
 */
export class Store {
  /** @internal */
  readonly handle: StoreHandle;

  /** @internal */
  constructor(handle: StoreHandle) {
    this.handle = handle;
  }

  /** @internal Drops the native reference now (stores torch.distributed made for a group). */
  release(): void {
    dist.release(this.handle);
  }

  /**
   * Sets key to value (a string is stored as its UTF-8 bytes).
   * @example store.set('first_key', 'first_value')
   */
  set(key: string, value: string | Uint8Array): void {
    checkKey(key, 'set');
    if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
      throw new TypeError('Store.set(key, value): value must be a string or a Uint8Array');
    }
    dist.storeSet(this.handle, key, value);
  }

  /**
   * The value of key; waits (up to the store's timeout) until it is set.
   * @example store.get('first_key').toString() // 'first_value'
   */
  get(key: string): Buffer {
    checkKey(key, 'get');
    return dist.storeGet(this.handle, key);
  }

  /**
   * get() without blocking the event loop.
   * @example const value = await store.getAsync('ready');
   */
  getAsync(key: string): Promise<Buffer> {
    checkKey(key, 'getAsync');
    return dist.storeGetAsync(this.handle, key);
  }

  /**
   * Adds amount to the integer at key (created as 0) and returns the new value.
   * @example store.add('counter', 1) // 1, then 2, ...
   */
  add(key: string, amount: number): number {
    checkKey(key, 'add');
    if (!Number.isSafeInteger(amount)) throw new TypeError(`Store.add(key, amount): amount must be an integer (got ${String(amount)})`);
    return dist.storeAdd(this.handle, key, amount);
  }

  /**
   * Sets key to desired if its value is expected (or if it is unset and expected is empty);
   * returns the value after the call.
   * @example store.compareSet('key', 'old', 'new').toString()
   */
  compareSet(key: string, expected: string | Uint8Array, desired: string | Uint8Array): Buffer {
    checkKey(key, 'compareSet');
    return dist.storeCompareSet(this.handle, key, expected, desired);
  }

  /**
   * Waits until every key is set, up to timeout ms (default: the store's timeout); throws on timeout.
   * @example store.wait(['rank0_ready', 'rank1_ready'], 10_000)
   */
  wait(keys: string[], timeout?: number): void {
    checkKeys(keys, 'wait');
    if (timeout !== undefined) checkTimeout(timeout, 'Store.wait');
    dist.storeWait(this.handle, keys, timeout);
  }

  /**
   * wait() without blocking the event loop.
   * @example await store.waitAsync(['ready'])
   */
  waitAsync(keys: string[], timeout?: number): Promise<void> {
    checkKeys(keys, 'waitAsync');
    if (timeout !== undefined) checkTimeout(timeout, 'Store.waitAsync');
    return dist.storeWaitAsync(this.handle, keys, timeout);
  }

  /**
   * Deletes key; true when it existed.
   * @example store.deleteKey('key')
   */
  deleteKey(key: string): boolean {
    checkKey(key, 'deleteKey');
    return dist.storeDeleteKey(this.handle, key);
  }

  /**
   * The number of keys set (a TCPStore counts the keys process groups use too).
   * @example store.numKeys()
   */
  numKeys(): number {
    return dist.storeNumKeys(this.handle);
  }

  /**
   * True when every key is set (does not wait).
   * @example store.check(['key'])
   */
  check(keys: string[]): boolean {
    checkKeys(keys, 'check');
    return dist.storeCheck(this.handle, keys);
  }

  /**
   * Sets the default timeout of get/wait, in ms.
   * @example store.setTimeout(30_000)
   */
  setTimeout(timeout: number): void {
    checkTimeout(timeout, 'Store.setTimeout');
    dist.storeSetTimeout(this.handle, timeout);
  }

  /**
   * The default timeout of get/wait, in ms.
   * @example store.timeout // 300000
   */
  get timeout(): number {
    return dist.storeGetTimeout(this.handle);
  }
}

/** Options of new TCPStore(); Python's keyword arguments, timeout in ms. */
export interface TCPStoreOptions {
  /** The number of processes using the store (the server waits for them when waitForWorkers). */
  worldSize?: number | null;
  /** True on the one process that runs the server. Default false. */
  isMaster?: boolean;
  /** Milliseconds to connect and for get/wait. Default 300000. */
  timeout?: number;
  /** The server waits in its constructor until worldSize clients connected. Default true. */
  waitForWorkers?: boolean;
  /** Several stores in one process may share host:port. Default false. */
  multiTenant?: boolean;
  /** The libuv server implementation (c10d's default). Default true. */
  useLibuv?: boolean;
}

function tcpArgs(hostName: string, port: number, options: TCPStoreOptions):
  [string, number, number | null, boolean, number, boolean, boolean, boolean] {
  if (typeof hostName !== 'string') throw new TypeError('TCPStore(hostName, port): hostName must be a string');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must have value from 0 to 65535 but was ${String(port)}.`);
  }
  const { worldSize = null, isMaster = false, timeout = DEFAULT_STORE_TIMEOUT_MS, waitForWorkers = true,
    multiTenant = false, useLibuv = true } = options;
  if (worldSize !== null && (!Number.isInteger(worldSize) || worldSize < 1)) {
    throw new RangeError(`TCPStore: worldSize must be a positive integer (got ${String(worldSize)})`);
  }
  checkTimeout(timeout, 'TCPStore');
  return [hostName, port, worldSize, isMaster, timeout, waitForWorkers, multiTenant, useLibuv];
}

/**
 * c10d's TCPStore: a server on the master process, clients everywhere (Python's
 * torch.distributed.TCPStore). Port 0 on the master picks a free port (see `port`). The
 * constructor blocks until connected (and, on the master, until worldSize clients joined);
 * TCPStore.create does the same without blocking the event loop.
 * @example
 * const server = new torch.distributed.TCPStore('127.0.0.1', 0, { worldSize: 1, isMaster: true });
 * server.set('key', 'value');
 * const client = new torch.distributed.TCPStore('127.0.0.1', server.port);
 * client.get('key').toString(); // 'value'
 */
export class TCPStore extends Store {
  constructor(hostName: string, port: number, options?: TCPStoreOptions);
  /** @internal */
  constructor(handle: StoreHandle);
  constructor(hostName: string | StoreHandle, port?: number, options: TCPStoreOptions = {}) {
    super(typeof hostName === 'string' ? dist.tcpStore(...tcpArgs(hostName, port as number, options)) : hostName);
  }

  /**
   * A TCPStore, connected (and on the master, joined by worldSize clients) without blocking the
   * event loop.
   * @example const store = await torch.distributed.TCPStore.create('127.0.0.1', 29500, { worldSize: 2, isMaster: rank === 0 });
   */
  static async create(hostName: string, port: number, options: TCPStoreOptions = {}): Promise<TCPStore> {
    return new TCPStore(await dist.tcpStoreAsync(...tcpArgs(hostName, port, options)));
  }

  /** The server's host. @example store.host // '127.0.0.1' */
  get host(): string {
    return dist.tcpStoreInfo(this.handle)!.host;
  }

  /** The server's port (the port picked when 0 was asked for). @example store.port */
  get port(): number {
    return dist.tcpStoreInfo(this.handle)!.port;
  }

  /** True when the libuv server implementation runs. @example store.libuvBackend */
  get libuvBackend(): boolean {
    return dist.tcpStoreInfo(this.handle)!.libuvBackend;
  }
}

/**
 * c10d's FileStore: a store in a file every process can reach (a shared file system). worldSize
 * processes use it; the last one to close it deletes the file.
 * @example const store = new torch.distributed.FileStore('/tmp/store', 2);
 */
export class FileStore extends Store {
  constructor(fileName: string, worldSize: number = -1) {
    if (typeof fileName !== 'string') throw new TypeError('FileStore(fileName, worldSize): fileName must be a string');
    if (!Number.isInteger(worldSize)) throw new TypeError('FileStore(fileName, worldSize): worldSize must be an integer');
    super(dist.fileStore(fileName, worldSize));
  }
}

/**
 * c10d's HashStore: an in-process store (for tests, or threads of one process).
 * @example const store = new torch.distributed.HashStore();
 */
export class HashStore extends Store {
  constructor() {
    super(dist.hashStore());
  }
}

/**
 * Every key of store under `prefix/` (c10d's PrefixStore): several users of one store without
 * collisions.
 * @example const sub = new torch.distributed.PrefixStore('trainer', store); sub.set('k', 'v'); // store key 'trainer/k'
 */
export class PrefixStore extends Store {
  /** The wrapped store. */
  readonly underlyingStore: Store;

  constructor(prefix: string, store: Store) {
    if (typeof prefix !== 'string') throw new TypeError('PrefixStore(prefix, store): prefix must be a string');
    if (!(store instanceof Store)) throw new TypeError('PrefixStore(prefix, store): store must be a torch.distributed.Store');
    super(dist.prefixStore(prefix, store.handle));
    this.underlyingStore = store;
  }
}
