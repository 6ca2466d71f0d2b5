// torch.profiler: LibTorch's Kineto profiler (native/profiler.cpp) with Python's post-processing
// (torch/autograd/profiler.py's _parse_kineto_results, profiler_util.py's EventList, key_averages
// and _build_table), so that `keyAverages().table()` prints what Python prints for the same events.
import { native, type ProfilerResultHandle, type ProfilerEventRecord } from '../binding.js';
import { argTypeError, describeValue, isPlainObject } from '../validate.js';

/** The activities a profile records (Python's torch.profiler.ProfilerActivity). */
export const ProfilerActivity = { CPU: 'cpu', CUDA: 'cuda' } as const;
export type ProfilerActivity = (typeof ProfilerActivity)[keyof typeof ProfilerActivity];

/** What a schedule asks for at a step (Python's torch.profiler.ProfilerAction). */
export const ProfilerAction = { NONE: 'NONE', WARMUP: 'WARMUP', RECORD: 'RECORD', RECORD_AND_SAVE: 'RECORD_AND_SAVE' } as const;
export type ProfilerAction = (typeof ProfilerAction)[keyof typeof ProfilerAction];

/** A schedule: the action for a step number. */
export type ProfilerSchedule = (step: number) => ProfilerAction;

/**
 * Python's `torch.profiler.schedule(wait, warmup, active, repeat=0, skip_first=0)`: skip the first
 * steps, then cycles of `wait` idle steps, `warmup` steps and `active` recorded steps, `repeat`
 * times (0: forever); the trace is ready at the last active step of each cycle.
 * @example const s = torch.profiler.schedule({ wait: 1, warmup: 1, active: 2 });
 */
export function schedule(options: { wait: number; warmup: number; active: number; repeat?: number; skipFirst?: number }): ProfilerSchedule {
  const { wait, warmup, active, repeat = 0, skipFirst = 0 } = options;
  for (const [k, v] of Object.entries({ wait, warmup, active, repeat, skipFirst })) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`schedule(): ${k} must be a non-negative integer (got ${describeValue(v)})`);
  }
  if (active <= 0) throw new RangeError('Invalid profiler schedule arguments');
  return (step: number): ProfilerAction => {
    if (step < 0) throw new RangeError(`step must be non-negative (got ${step})`);
    if (step < skipFirst) return ProfilerAction.NONE;
    step -= skipFirst;
    const numSteps = wait + warmup + active;
    if (repeat > 0 && step / numSteps >= repeat) return ProfilerAction.NONE;
    const mod = step % numSteps;
    if (mod < wait) return ProfilerAction.NONE;
    if (mod < wait + warmup) return ProfilerAction.WARMUP;
    return mod < numSteps - 1 ? ProfilerAction.RECORD : ProfilerAction.RECORD_AND_SAVE;
  };
}

// ---- Events (torch.autograd.profiler_util) ---------------------------------------------------------

function formatTime(us: number): string {
  if (us >= 1e6) return `${(us / 1e6).toFixed(3)}s`;
  if (us >= 1e3) return `${(us / 1e3).toFixed(3)}ms`;
  return `${us.toFixed(3)}us`;
}

function formatTimeShare(us: number, total: number): string {
  if (total === 0) return 'NaN';
  return `${((us * 100) / total).toFixed(2)}%`;
}

function formatMemory(nbytes: number): string {
  const KB = 1024, MB = 1024 * KB, GB = 1024 * MB;
  if (Math.abs(nbytes) >= GB) return `${(nbytes / GB).toFixed(2)} GB`;
  if (Math.abs(nbytes) >= MB) return `${(nbytes / MB).toFixed(2)} MB`;
  if (Math.abs(nbytes) >= KB) return `${(nbytes / KB).toFixed(2)} KB`;
  return `${nbytes} B`;
}

/** Python's str() of a list of shapes: `[[2, 3], []]`; '' when not grouped by shapes. */
function shapesString(shapes: number[][] | ''): string {
  if (shapes === '') return '';
  return `[${shapes.map((s) => `[${s.join(', ')}]`).join(', ')}]`;
}

/**
 * One profiled range (Python's FunctionEvent): an op, a user scope, an autograd node, ...
 * @example for (const e of prof.events()) if (e.name === 'aten::mm') console.log(e.cpuTimeTotal, e.inputShapes);
 */
export class FunctionEvent {
  readonly id: number;
  readonly name: string;
  readonly overloadName: string;
  thread: number;
  readonly startUs: number;
  readonly endUs: number;
  readonly inputShapes: number[][];
  readonly inputDtypes: string[];
  readonly stack: string[];
  readonly scope: number;
  readonly cpuMemoryUsage: number;
  readonly deviceMemoryUsage = 0;
  readonly isAsync: boolean;
  readonly sequenceNr: number;
  readonly deviceType: string;
  readonly deviceIndex: number;
  readonly flops: number;
  readonly isUserAnnotation: boolean;
  readonly nodeId = -1;
  readonly isLegacy = false;
  readonly count = 1;
  cpuParent: FunctionEvent | null = null;
  cpuChildren: FunctionEvent[] = [];

  /** @internal */
  constructor(e: Omit<ProfilerEventRecord, 'nBytes' | 'hidden' | 'startNs' | 'endNs' | 'startThreadId' | 'endThreadId' | 'fwdThreadId' | 'correlationId' | 'shapes' | 'dtypes'> &
    { id: number; thread: number; startUs: number; endUs: number; shapes: number[][]; dtypes: string[]; cpuMemoryUsage: number }) {
    this.id = e.id;
    this.name = e.name.startsWith('ProfilerStep#') ? 'ProfilerStep*' : e.name;
    this.overloadName = e.overloadName;
    this.thread = e.thread;
    this.startUs = e.startUs;
    this.endUs = e.endUs;
    this.inputShapes = e.shapes;
    this.inputDtypes = e.dtypes;
    this.stack = e.stack;
    this.scope = e.scope;
    this.cpuMemoryUsage = e.cpuMemoryUsage;
    this.isAsync = e.isAsync;
    this.sequenceNr = e.sequenceNr;
    this.deviceType = e.deviceType;
    this.deviceIndex = e.deviceIndex;
    this.flops = e.flops;
    this.isUserAnnotation = e.isUserAnnotation;
  }

  /** The grouping key: the name. @example prof.events()[0].key */
  get key(): string { return this.name; }
  /** Microseconds from start to end on the CPU (0 for device events). */
  get cpuTimeTotal(): number { return this.deviceType === 'cpu' ? this.endUs - this.startUs : 0; }
  /** cpuTimeTotal without the children's. */
  get selfCpuTimeTotal(): number {
    if (this.isAsync || this.deviceType !== 'cpu') return 0;
    return this.cpuTimeTotal - this.cpuChildren.reduce((s, c) => s + c.cpuTimeTotal, 0);
  }
  /** cpuTimeTotal per call. */
  get cpuTime(): number { return this.cpuTimeTotal; }
  /** Bytes allocated (minus freed) during the range, children's included (profileMemory). */
  get selfCpuMemoryUsage(): number {
    if (this.isAsync || this.deviceType !== 'cpu') return 0;
    return this.cpuMemoryUsage - this.cpuChildren.reduce((s, c) => s + c.cpuMemoryUsage, 0);
  }
  get deviceTimeTotal(): number { return 0; }
  get selfDeviceTimeTotal(): number { return 0; }
  get selfDeviceMemoryUsage(): number { return 0; }
}

/**
 * Statistics of the events of one key (Python's FunctionEventAvg).
 * @example const mm = prof.keyAverages().find((e) => e.key === 'aten::mm'); console.log(mm?.count, mm?.cpuTime);
 */
export class FunctionEventAvg {
  key = '';
  count = 0;
  nodeId = -1;
  isAsync = false;
  isLegacy = false;
  isUserAnnotation = false;
  deviceType = 'cpu';
  overloadName = '';
  inputShapes: number[][] | '' = '';
  stack: string[] = [];
  scope = 0;
  cpuParent: FunctionEvent | null = null;
  cpuTimeTotal = 0;
  selfCpuTimeTotal = 0;
  deviceTimeTotal = 0;
  selfDeviceTimeTotal = 0;
  cpuMemoryUsage = 0;
  selfCpuMemoryUsage = 0;
  deviceMemoryUsage = 0;
  selfDeviceMemoryUsage = 0;
  flops = 0;

  /** Adds one event (or another average) of the same key. @example avg.add(evt) */
  add(other: FunctionEvent | FunctionEventAvg): this {
    if (this.count === 0) {
      this.key = other.key;
      this.nodeId = other.nodeId;
      this.isAsync = other.isAsync;
      this.cpuParent = other.cpuParent;
      this.overloadName = other.overloadName;
      this.inputShapes = other.inputShapes;
      this.stack = other.stack;
      this.scope = other.scope;
      this.deviceType = other.deviceType;
      this.isLegacy = other.isLegacy;
      this.isUserAnnotation = other.isUserAnnotation;
    }
    this.cpuTimeTotal += other.cpuTimeTotal;
    this.deviceTimeTotal += other.deviceTimeTotal;
    this.selfCpuTimeTotal += other.selfCpuTimeTotal;
    this.selfDeviceTimeTotal += other.selfDeviceTimeTotal;
    this.cpuMemoryUsage += other.cpuMemoryUsage;
    this.deviceMemoryUsage += other.deviceMemoryUsage;
    this.selfCpuMemoryUsage += other.selfCpuMemoryUsage;
    this.selfDeviceMemoryUsage += other.selfDeviceMemoryUsage;
    this.count += other.count;
    this.flops += other.flops;
    return this;
  }

  /** cpuTimeTotal per call. */
  get cpuTime(): number { return this.count === 0 ? 0 : this.cpuTimeTotal / this.count; }
}

/** Options of EventList.table (Python's keyword arguments, camelCased). */
export interface TableOptions {
  /** The column to sort by, descending: Python's names ('self_cpu_time_total', 'cpu_time_total', 'count', ...) or camelCase. */
  sortBy?: string;
  rowLimit?: number;
  maxNameColumnWidth?: number;
  maxShapesColumnWidth?: number;
  maxSrcColumnWidth?: number;
  header?: string;
  topLevelEventsOnly?: boolean;
  timeUnit?: 's' | 'ms' | 'us';
}

const SORT_KEYS: Record<string, string> = {
  cpu_time: 'cpuTime', cpu_time_total: 'cpuTimeTotal', self_cpu_time_total: 'selfCpuTimeTotal', count: 'count',
  cpu_memory_usage: 'cpuMemoryUsage', self_cpu_memory_usage: 'selfCpuMemoryUsage',
  device_time_total: 'deviceTimeTotal', self_device_time_total: 'selfDeviceTimeTotal', cuda_time_total: 'deviceTimeTotal',
  self_cuda_time_total: 'selfDeviceTimeTotal', device_memory_usage: 'deviceMemoryUsage', self_device_memory_usage: 'selfDeviceMemoryUsage',
  cuda_memory_usage: 'deviceMemoryUsage', self_cuda_memory_usage: 'selfDeviceMemoryUsage', flops: 'flops',
};

/** An element of an EventList: a profiled range or the average of a key. */
export type AnyEvent = FunctionEvent | FunctionEventAvg;

/**
 * A list of events (Python's EventList): table printing and averaging by key.
 * @example console.log(prof.events().keyAverages().table({ sortBy: 'self_cpu_time_total' }));
 */
export class EventList<E extends AnyEvent = AnyEvent> extends Array<E> {
  /** @internal */
  profileMemory = false;
  static override get [Symbol.species](): ArrayConstructor { return Array; }

  /** @internal */
  static of2<E extends AnyEvent>(events: Iterable<E>, profileMemory: boolean): EventList<E> {
    const list = new EventList<E>();
    for (const e of events) list.push(e);
    list.profileMemory = profileMemory;
    return list;
  }

  /**
   * Averages the events over their keys (Python's `key_averages(group_by_input_shape=False,
   * group_by_stack_n=0)`).
   * @example console.log(prof.events().keyAverages({ groupByInputShape: true }).table());
   */
  keyAverages(options: { groupByInputShape?: boolean; groupByStackN?: number } = {}): EventList<FunctionEventAvg> {
    const byShape = options.groupByInputShape ?? false;
    const stackN = options.groupByStackN ?? 0;
    const stats = new Map<string, FunctionEventAvg>();
    for (const evt of this) {
      const key = [evt.key, String(evt.nodeId), evt.deviceType, String(evt.isLegacy), String(evt.isUserAnnotation)];
      if (byShape) key.push(shapesString(evt.inputShapes));
      if (stackN > 0) key.push(...evt.stack.slice(0, stackN));
      const k = JSON.stringify(key);
      let avg = stats.get(k);
      if (avg === undefined) { avg = new FunctionEventAvg(); stats.set(k, avg); }
      avg.add(evt);
    }
    const out = EventList.of2(stats.values(), this.profileMemory);
    for (const evt of out) {
      evt.stack = evt.stack.slice(0, stackN);
      if (!byShape) evt.inputShapes = '';
      evt.overloadName = '';
    }
    return out;
  }

  /** Total self CPU time in microseconds. @example prof.keyAverages().selfCpuTimeTotal() */
  selfCpuTimeTotal(): number {
    return this.reduce((s, e) => s + e.selfCpuTimeTotal, 0);
  }

  /**
   * The table Python prints (`EventList.table(sort_by=None, row_limit=100, ...)`), same columns
   * and layout.
   * @example console.log(prof.keyAverages().table({ sortBy: 'cpu_time_total', rowLimit: 10 }));
   */
  table(options: TableOptions = {}): string {
    return buildTable(this, options, this.profileMemory);
  }
}

function sortValue(e: AnyEvent, sortBy: string): number {
  const prop = SORT_KEYS[sortBy] ?? sortBy;
  const v = (e as unknown as Record<string, unknown>)[prop];
  if (typeof v !== 'number') throw new TypeError(`table(): cannot sort by '${sortBy}'`);
  return v;
}

function pad(value: string | number, width: number, left = false): string {
  const s = String(value);
  return left ? s.padEnd(width) : s.padStart(width);
}

function buildTable(input: readonly AnyEvent[], o: TableOptions, profileMemory: boolean): string {
  if (input.length === 0) return '';
  const rowLimit = o.rowLimit ?? 100;
  const maxName = o.maxNameColumnWidth ?? 55;
  const maxShapes = o.maxShapesColumnWidth ?? 80;
  const maxSrc = o.maxSrcColumnWidth ?? 75;
  const timeUnit = o.timeUnit;
  let events = [...input];
  const hasInputShapes = events.some((e) => e.inputShapes.length > 0);
  const hasOverloadNames = events.some((e) => e.overloadName.length > 0);
  if (o.sortBy !== undefined) {
    const keyed = events.map((e) => [sortValue(e, o.sortBy!), e] as const);
    // Python's sorted(reverse=True) is stable: equal keys keep their order
    keyed.sort((a, b) => b[0] - a[0]);
    events = keyed.map((k) => k[1]);
  }
  const nameWidth = Math.min(Math.max(...events.map((e) => e.key.length)) + 4, maxName);
  const shapesWidth = Math.min(Math.max(...events.map((e) => shapesString(e.inputShapes).length)) + 4, maxShapes);
  const DEFAULT = 12;
  const stacks = events.filter((e) => e.stack.length > 0).map((e) => e.stack);
  const hasStack = stacks.length > 0;
  const srcWidth = hasStack ? Math.min(Math.max(...stacks.map((s) => Math.max(...s.map((x) => x.length)))) + 4, maxSrc) : 0;

  const headers = ['Name'];
  if (hasOverloadNames) headers.push('Overload Name');
  headers.push('Self CPU %', 'Self CPU', 'CPU total %', 'CPU total', 'CPU time avg');
  if (profileMemory) headers.push('CPU Mem', 'Self CPU Mem');
  headers.push('# of Calls');
  const widths: number[] = [];
  const lefts: boolean[] = [];
  const add = (w: number, left = false): void => { widths.push(w); lefts.push(left); };
  add(nameWidth);
  if (hasOverloadNames) add(nameWidth);
  for (let i = 1 + (hasOverloadNames ? 1 : 0); i < headers.length; i++) add(DEFAULT);
  if (hasInputShapes) { headers.push('Input Shapes'); add(shapesWidth); }
  if (hasStack) { headers.push('Source Location'); add(srcWidth, true); }
  const SPACING = '  ';
  const row = (values: (string | number)[]): string => values.map((v, i) => pad(v, widths[i]!, lefts[i]!) + SPACING).join('');
  const headerSep = widths.map((w) => '-'.repeat(w) + SPACING).join('');
  const lineLength = widths.reduce((s, w) => s + w + 2, -2);
  const unit = (us: number, dflt: string): string => timeUnit === 's' ? `${(us / 1e6).toFixed(3)}s` : timeUnit === 'ms'
    ? `${(us / 1e3).toFixed(3)}ms` : timeUnit === 'us' ? `${us.toFixed(3)}us` : dflt;
  const trimPath = (path: string): string => {
    if (path.length > srcWidth) {
      path = path.slice(path.length - srcWidth);
      if (path.length > 3) path = '...' + path.slice(3);
    }
    return path;
  };

  const out: string[] = [];
  const append = (s: string): void => { out.push(s, '\n'); };
  const sumSelfCpu = events.reduce((s, e) => s + e.selfCpuTimeTotal, 0);
  if (o.header !== undefined) { append('='.repeat(lineLength)); append(o.header); }
  if (o.topLevelEventsOnly) { append('='.repeat(lineLength)); append('This report only display top-level ops statistics'); }
  append(headerSep);
  append(row(headers));
  append(headerSep);
  let limit = 0;
  for (const evt of events) {
    if (limit === rowLimit) break;
    if (o.topLevelEventsOnly && evt.cpuParent !== null) continue;
    limit++;
    let name = evt.key;
    if (name.length >= maxName - 3) name = name.slice(0, maxName - 3) + '...';
    const values: (string | number)[] = [name];
    if (hasOverloadNames) {
      let ov = evt.overloadName;
      if (ov.length >= maxName - 3) ov = ov.slice(0, maxName - 3) + '...';
      values.push(ov);
    }
    values.push(formatTimeShare(evt.selfCpuTimeTotal, sumSelfCpu), unit(evt.selfCpuTimeTotal, formatTime(evt.selfCpuTimeTotal)),
      evt.isAsync ? 0 : formatTimeShare(evt.cpuTimeTotal, sumSelfCpu), unit(evt.cpuTimeTotal, formatTime(evt.cpuTimeTotal)),
      unit(evt.cpuTime, formatTime(evt.cpuTime)));
    if (profileMemory) values.push(formatMemory(evt.cpuMemoryUsage), formatMemory(evt.selfCpuMemoryUsage));
    values.push(evt.count);
    if (hasInputShapes) values.push(shapesString(evt.inputShapes).slice(0, shapesWidth));
    if (hasStack) values.push(evt.stack.length > 0 ? trimPath(evt.stack[0]!) : '');
    append(row(values));
    if (hasStack) {
      const empty = new Array<string>(headers.length - 1).fill('');
      for (const entry of evt.stack.slice(1)) append(row([...empty, trimPath(entry)]));
      append(row([...empty, '']));
    }
  }
  append(headerSep);
  append(`Self CPU time total: ${unit(sumSelfCpu, formatTime(sumSelfCpu))}`);
  return out.join('');
}

// Python's _parse_kineto_results and EventList._build_tree.
const FILTERED = new Set(['[memory]', '[OutOfMemory]', 'profiler::_record_function_enter', 'profiler::_record_function_enter_new',
  'profiler::_record_function_exit', 'aten::is_leaf', 'aten::output_nr', 'aten::_version']);

function parseEvents(records: ProfilerEventRecord[], profileMemory: boolean): EventList<FunctionEvent> {
  const mem = records.filter((r) => r.name === '[memory]').map((r) => ({ r, used: false }));
  mem.sort((a, b) => a.r.startNs - b.r.startNs);
  const cpuBytes = (r: ProfilerEventRecord): number => (r.deviceType === 'cpu' || r.deviceType === 'mkldnn' || r.deviceType === 'ideep' ? r.nBytes : 0);
  const events: FunctionEvent[] = [];
  let maxId = 0;
  for (const r of records) {
    if (FILTERED.has(r.name) || r.hidden) continue;
    let cpuMemoryUsage = 0;
    if (r.deviceType === 'cpu') {
      for (const m of mem) {
        if (m.r.startNs >= r.startNs && m.r.startNs <= r.endNs) { cpuMemoryUsage += cpuBytes(m.r); m.used = true; }
      }
    }
    const fe = new FunctionEvent({ ...r, id: r.correlationId, thread: r.startThreadId, startUs: r.startNs / 1000, endUs: r.endNs / 1000,
      isAsync: r.isAsync || r.startThreadId !== r.endThreadId, cpuMemoryUsage });
    maxId = Math.max(maxId, fe.id);
    events.push(fe);
  }
  for (const m of mem) {
    if (m.used) continue;
    const r = m.r;
    events.push(new FunctionEvent({ ...r, id: ++maxId, thread: r.startThreadId, startUs: r.startNs / 1000, endUs: r.startNs / 1000,
      shapes: [], stack: [], scope: 0, isAsync: false, sequenceNr: -1, deviceType: 'cpu', deviceIndex: 0, cpuMemoryUsage: cpuBytes(r),
      overloadName: '' }));
  }
  events.sort((a, b) => a.startUs - b.startUs || b.endUs - a.endUs);
  const list = EventList.of2(events, profileMemory);
  populateCpuChildren(list);
  removeDupNodes(list);
  return list;
}

function populateCpuChildren(events: FunctionEvent[]): void {
  const threads = new Map<number, FunctionEvent[]>();
  for (const e of events) {
    if (e.isAsync || e.deviceType !== 'cpu') continue;
    let l = threads.get(e.thread);
    if (l === undefined) { l = []; threads.set(e.thread, l); }
    l.push(e);
  }
  for (const list of threads.values()) {
    list.sort((a, b) => a.startUs - b.startUs || b.endUs - a.endUs);
    const current: FunctionEvent[] = [];
    for (const event of list) {
      while (current.length > 0) {
        const parent = current[current.length - 1]!;
        if (event.startUs >= parent.endUs || event.endUs > parent.endUs) {
          current.pop();
        } else {
          parent.cpuChildren.push(event);
          event.cpuParent = parent;
          break;
        }
      }
      current.push(event);
    }
  }
}

function removeDupNodes(events: FunctionEvent[]): void {
  for (;;) {
    const toDelete = new Set<number>();
    events.forEach((e, idx) => {
      const p = e.cpuParent;
      if (p !== null && p.name === e.name && p.cpuChildren.length === 1) {
        p.cpuChildren = e.cpuChildren;
        for (const ch of e.cpuChildren) ch.cpuParent = p;
        toDelete.add(idx);
      }
    });
    if (toDelete.size === 0) break;
    const kept = events.filter((_, i) => !toDelete.has(i));
    events.length = 0;
    events.push(...kept);
  }
}

// ---- record_function -----------------------------------------------------------------------------

/** An open user scope: `[Symbol.dispose]` (or exit()) closes it. */
export interface RecordFunctionScope {
  exit(): void;
  [Symbol.dispose](): void;
}

function openRecord(name: string): RecordFunctionScope {
  const handle = native.recordFunctionEnter(name);
  const exit = (): void => native.recordFunctionExit(handle);
  return { exit, [Symbol.dispose]: exit };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Labels a block in the profile (Python's `with torch.profiler.record_function(name):`, a
 * RECORD_FUNCTION user scope shown as a user annotation): with a callback, runs it inside and
 * returns its value; without, returns a scope for `using`.
 * @example
 * torch.profiler.recordFunction('forward', () => model(x));
 * @example
 * { using _ = torch.profiler.recordFunction('loss'); loss = criterion(out, y); }
 */
export function recordFunction(name: string): RecordFunctionScope;
export function recordFunction<T>(name: string, fn: () => T): T;
export function recordFunction<T>(name: string, fn?: () => T): T | RecordFunctionScope {
  if (typeof name !== 'string') throw argTypeError('recordFunction(name)', 'name', 'a string', name);
  if (fn === undefined) return openRecord(name);
  if (typeof fn !== 'function') throw argTypeError('recordFunction(name, fn)', 'fn', 'a function', fn);
  const scope = openRecord(name);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scope.exit();
    throw e;
  }
  if (isPromiseLike(result)) return Promise.resolve(result).finally(() => scope.exit()) as T;
  scope.exit();
  return result;
}

// ---- profile -------------------------------------------------------------------------------------

/** profile's options (Python's keyword arguments, camelCased). */
export interface ProfileOptions {
  /** What to record (default: CPU, and CUDA when available). */
  activities?: ProfilerActivity[];
  /** Record the input shapes of each op. */
  recordShapes?: boolean;
  /** Record the memory each op allocates and frees. */
  profileMemory?: boolean;
  /** Record source locations (TorchScript frames; JS frames are not recorded). */
  withStack?: boolean;
  withFlops?: boolean;
  withModules?: boolean;
  /** Which steps record (see schedule()); without one, everything between start and stop does. */
  schedule?: ProfilerSchedule;
  /** Called with the profile each time a scheduled cycle's trace is ready (and at stop). */
  onTraceReady?: (prof: Profile) => void;
}

const PROFILE_OPTIONS = ['activities', 'recordShapes', 'profileMemory', 'withStack', 'withFlops', 'withModules', 'schedule', 'onTraceReady'];

/**
 * A profiling session (Python's torch.profiler.profile).
 * @example
 * const prof = new torch.profiler.Profile({ schedule: torch.profiler.schedule({ wait: 1, warmup: 1, active: 2 }) });
 * prof.start();
 * for (let i = 0; i < 8; i++) { trainStep(); prof.step(); }
 * prof.stop();
 */
export class Profile {
  readonly activities: ProfilerActivity[];
  readonly recordShapes: boolean;
  readonly profileMemory: boolean;
  readonly withStack: boolean;
  readonly withFlops: boolean;
  readonly withModules: boolean;
  /** The current step number (step() increments it). */
  stepNum = 0;
  readonly #schedule: ProfilerSchedule | null;
  readonly #onTraceReady: ((prof: Profile) => void) | null;
  #recording = false;
  #result: ProfilerResultHandle | null = null;
  #events: EventList<FunctionEvent> | null = null;
  #stepScope: RecordFunctionScope | null = null;
  #action: ProfilerAction = ProfilerAction.RECORD;

  /** @example const prof = new torch.profiler.Profile({ activities: [torch.profiler.ProfilerActivity.CPU] }); */
  constructor(options: ProfileOptions = {}) {
    if (!isPlainObject(options as unknown)) throw argTypeError('profile(options)', 'options', 'an object', options);
    for (const k of Object.keys(options)) {
      if (!PROFILE_OPTIONS.includes(k)) throw new TypeError(`profile(): unknown option '${k}' (expected one of ${PROFILE_OPTIONS.join(', ')})`);
    }
    const activities = options.activities ?? [ProfilerActivity.CPU];
    if (!Array.isArray(activities) || activities.some((a) => a !== 'cpu' && a !== 'cuda')) {
      throw argTypeError('profile(options)', 'activities', "an array of ProfilerActivity ('cpu', 'cuda')", activities);
    }
    this.activities = [...activities];
    const flag = (name: keyof ProfileOptions): boolean => {
      const v = options[name] ?? false;
      if (typeof v !== 'boolean') throw argTypeError('profile(options)', name, 'a boolean', v);
      return v;
    };
    this.recordShapes = flag('recordShapes');
    this.profileMemory = flag('profileMemory');
    this.withStack = flag('withStack');
    this.withFlops = flag('withFlops');
    this.withModules = flag('withModules');
    if (options.schedule !== undefined && typeof options.schedule !== 'function') throw argTypeError('profile(options)', 'schedule', 'a function', options.schedule);
    if (options.onTraceReady !== undefined && typeof options.onTraceReady !== 'function') throw argTypeError('profile(options)', 'onTraceReady', 'a function', options.onTraceReady);
    this.#schedule = options.schedule ?? null;
    this.#onTraceReady = options.onTraceReady ?? null;
  }

  #enable(): void {
    if (this.#recording) return;
    native.profilerEnable(this.activities, this.recordShapes, this.profileMemory, this.withStack, this.withFlops, this.withModules);
    this.#recording = true;
  }

  #disable(): void {
    if (!this.#recording) return;
    this.#stepScope?.exit();
    this.#stepScope = null;
    this.#recording = false;
    this.#result = native.profilerDisable();
    this.#events = null;
  }

  #isRecordingAction(a: ProfilerAction): boolean {
    return a === ProfilerAction.RECORD || a === ProfilerAction.RECORD_AND_SAVE;
  }

  #enterStep(): void {
    if (this.#recording) this.#stepScope = openRecord(`ProfilerStep#${this.stepNum}`);
  }

  /** Starts profiling (the first step when scheduled). @example prof.start() */
  start(): void {
    this.#action = this.#schedule ? this.#schedule(this.stepNum) : ProfilerAction.RECORD;
    if (this.#isRecordingAction(this.#action)) this.#enable();
    if (this.#schedule) this.#enterStep();
  }

  /** Stops profiling; the results are ready. @example prof.stop(); console.log(prof.keyAverages().table()); */
  stop(): void {
    const was = this.#recording;
    this.#disable();
    if (was && this.#onTraceReady) this.#onTraceReady(this);
  }

  /** Marks the end of a training step: the schedule decides what the next one does. @example for (...) { trainStep(); prof.step(); } */
  step(): void {
    this.#stepScope?.exit();
    this.#stepScope = null;
    const prev = this.#action;
    this.stepNum++;
    this.#action = this.#schedule ? this.#schedule(this.stepNum) : ProfilerAction.RECORD;
    if (prev === ProfilerAction.RECORD_AND_SAVE || (this.#isRecordingAction(prev) && !this.#isRecordingAction(this.#action))) {
      this.stop();
    }
    if (this.#isRecordingAction(this.#action)) this.#enable();
    if (this.#schedule) this.#enterStep();
  }

  #requireResult(what: string): ProfilerResultHandle {
    if (this.#result === null) throw new Error(`${what}: the profiler has not collected results (call stop() first)`);
    return this.#result;
  }

  /** The profiled events (Python's `prof.events()`), as a tree with CPU children. @example prof.events().filter((e) => e.name === 'aten::mm') */
  events(): EventList<FunctionEvent> {
    const r = this.#requireResult('events()');
    this.#events ??= parseEvents(native.profilerResultEvents(r), this.profileMemory);
    return this.#events;
  }

  /**
   * The events averaged by key (Python's `prof.key_averages(group_by_input_shape=False, group_by_stack_n=0)`).
   * @example console.log(prof.keyAverages().table({ sortBy: 'cpu_time_total', rowLimit: 10 }));
   */
  keyAverages(options: { groupByInputShape?: boolean; groupByStackN?: number } = {}): EventList<FunctionEventAvg> {
    return this.events().keyAverages(options);
  }

  /** Writes Kineto's Chrome trace (opens in Perfetto / chrome://tracing). @example prof.exportChromeTrace('trace.json') */
  exportChromeTrace(path: string): void {
    if (typeof path !== 'string') throw argTypeError('exportChromeTrace(path)', 'path', 'a string', path);
    const r = this.#requireResult('exportChromeTrace()');
    if (path.endsWith('.gz')) {
      throw new Error('exportChromeTrace(): write the .json and compress it separately');
    }
    native.profilerResultSave(r, path);
  }

  /** Stops profiling (the `using` form). */
  [Symbol.dispose](): void {
    this.stop();
  }
}

/**
 * Profiles a block (Python's `with torch.profiler.profile(...) as prof:`): with a callback, runs
 * `fn(prof)` between start and stop and returns the profile (a promise of it for an async fn);
 * without one, returns a started profile for `using` (stopped at the end of the block).
 * @example
 * const prof = torch.profiler.profile({ activities: [torch.profiler.ProfilerActivity.CPU], recordShapes: true }, () => {
 *   torch.profiler.recordFunction('model_inference', () => model(x));
 * });
 * console.log(prof.keyAverages().table({ sortBy: 'cpu_time_total', rowLimit: 10 }));
 * prof.exportChromeTrace('trace.json');
 * @example
 * { using prof = torch.profiler.profile(); model(x); }
 */
export function profile(options?: ProfileOptions): Profile;
export function profile(options: ProfileOptions, fn: (prof: Profile) => Promise<unknown>): Promise<Profile>;
export function profile(options: ProfileOptions, fn: (prof: Profile) => unknown): Profile;
export function profile(options: ProfileOptions = {}, fn?: (prof: Profile) => unknown): Profile | Promise<Profile> {
  const prof = new Profile(options);
  if (fn !== undefined && typeof fn !== 'function') throw argTypeError('profile(options, fn)', 'fn', 'a function', fn);
  prof.start();
  if (fn === undefined) return prof;
  let result: unknown;
  try {
    result = fn(prof);
  } catch (e) {
    prof.stop();
    throw e;
  }
  if (isPromiseLike(result)) return Promise.resolve(result).finally(() => prof.stop()).then(() => prof);
  prof.stop();
  return prof;
}
