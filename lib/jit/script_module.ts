// torch.jit.ScriptModule: a TorchScript module (loaded, or traced from JS) used like an nn.Module.
//
// It is an nn.Module: callable (`model(x)` runs forward through the forward hooks), with
// parameters(), namedParameters(), buffers(), stateDict(), loadStateDict(), train()/eval(), to().
// Its members live in the TorchScript object, not in JS properties: the registration hooks of
// nn.Module (_ownParameters, _ownBuffers, _ownModules) read them natively. Parameters are
// returned as nn.Parameter objects sharing the TorchScript slot's tensor (the same autograd
// identity: gradients of a forward land in p.grad, and optimizers update the module), one
// object per slot for as long as the slot holds that tensor.
//
// Methods and attributes: `callMethod(name, ...args)`, `getAttr(name)` and `setAttr(name, v)`
// reach every one of them. For Python-like code, attributes and methods whose names are free
// (not a property of nn.Module or Function) are also properties of the instance: `m.fc1`,
// `m.weight`, `m.predict(x)`. TorchScript names are kept as written (snake_case stays).
import { Module } from '../nn/modules/module.js';
import { Parameter } from '../nn/parameter.js';
import { Tensor } from '../tensor.js';
import { native } from '../binding.js';
import { escapeScopes } from '../scope.js';
import { describeValue } from '../validate.js';
import type { ScriptObjectHandle, ScriptModuleDescription } from './native_types.js';

const jit = native.jit;

/** The class name Python prints as `original_name` (the qualified name's last part). */
function originalName(typeName: string): string {
  const parts = typeName.split('.');
  return parts[parts.length - 1] ?? typeName;
}

/**
 * A TorchScript module: what `torch.jit.load` and `torch.jit.trace` return. Use it like any
 * `nn.Module` (it is one): `model(x)`, `model.eval()`, `model.parameters()`.
 *
 * Blocking: `model(x)`, `forward`, `callMethod`, `save` and `torch.jit.load` run on the calling
 * (JS) thread. `forwardAsync`/`callMethodAsync` run the method on the inference pool
 * (`torch.jit.setAsyncPool`) and keep the event loop free.
 *
 * Values cross as follows (docs/jit.md): Tensor <-> Tensor; number -> int or float as the
 * method's schema says (int needs a safe integer; bigint is an int), int results are numbers
 * (bigint beyond 2^53); boolean, string, null (None); arrays -> List or Tuple by the schema,
 * both come back as arrays (a NamedTuple's array also has its field names); plain objects and
 * Maps -> Dict; a Dict with str keys comes back as a plain object, other keys as a Map.
 * @example
 * const model = torch.jit.load('model.pt');
 * model.eval();
 * const y = model(torch.randn(1, 784));
 * const [logits, hidden] = model.callMethod('step', x, h) as [Tensor, Tensor];
 * const out = await model.forwardAsync(x);
 */
export class ScriptModule extends Module {
  /** @internal the native module object. */
  readonly _handle: ScriptObjectHandle;
  #description: ScriptModuleDescription | undefined;
  #params = new Map<string, Parameter>();
  #buffers = new Map<string, Tensor>();
  #children = new Map<string, ScriptModule>();

  /** @internal ScriptModules come from torch.jit.load / torch.jit.trace. */
  constructor(handle: ScriptObjectHandle) {
    super();
    this._handle = handle;
    this.#installMembers();
  }

  /**
   * The module's class: qualified name, attributes, constants and method schemas.
   * @example model.description.methods.map((m) => m.schema)
   */
  get description(): ScriptModuleDescription {
    let d = this.#description;
    if (d === undefined) {
      d = jit.describe(this._handle);
      this.#description = d;
    }
    return d;
  }

  /**
   * The names of the module's TorchScript methods (forward and the others it exports).
   * @example model.methodNames() // ['forward', 'predict']
   */
  methodNames(): string[] {
    return this.description.methods.map((m) => m.name);
  }

  /** TorchScript's original class name, as Python prints it. @example model.originalName // 'Net' */
  get originalName(): string {
    return originalName(this.description.typeName);
  }

  #installMembers(): void {
    const desc = this.description;
    for (const attr of desc.attributes) {
      if (attr.name in this) continue;
      const name = attr.name;
      Object.defineProperty(this, name, {
        get: () => this.getAttr(name),
        set: (v: unknown) => this.setAttr(name, v),
        enumerable: false, configurable: true,
      });
    }
    for (const method of desc.methods) {
      if (method.name in this) continue;
      const name = method.name;
      Object.defineProperty(this, name, {
        value: (...args: unknown[]) => this.callMethod(name, ...args),
        writable: true, enumerable: false, configurable: true,
      });
    }
  }

  // ---- calls ---------------------------------------------------------------------------------

  /**
   * Runs the TorchScript `forward` synchronously (on this thread). `model(x)` calls it through
   * the forward hooks. Wrong arguments raise TorchScript's own message.
   * @example const y = model.forward(x);
   */
  forward(...args: unknown[]): unknown {
    return jit.callMethod(this._handle, 'forward', args);
  }

  /**
   * Runs a TorchScript method synchronously, with arguments converted by its schema. A trailing
   * plain object holds keyword arguments (TorchScript or camelCase names), unless the parameter
   * in its position takes a dict.
   * @example const probs = model.callMethod('predict_proba', x) as Tensor;
   * @example const ids = model.callMethod('generate', x, { maxLen: 5 }) as Tensor;
   */
  callMethod(name: string, ...args: unknown[]): unknown {
    if (typeof name !== 'string') throw new TypeError(`callMethod(name): name must be a string (got ${describeValue(name)})`);
    return jit.callMethod(this._handle, name, args);
  }

  /**
   * Runs `forward` on the inference pool and resolves with its result; the JS thread stays free.
   * Arguments are converted now, on this thread; grad mode and inference mode are the caller's
   * at the time of the call (`torch.inferenceMode(() => model.forwardAsync(x))` runs without
   * autograd). Input tensors are kept alive until the call ends; do not modify them in place
   * meanwhile. Errors reject the promise with TorchScript's message. Forward hooks do not run.
   * @example const y = await model.forwardAsync(x) as Tensor;
   */
  forwardAsync(...args: unknown[]): Promise<unknown> {
    return this.callMethodAsync('forward', ...args);
  }

  /**
   * `callMethod` on the inference pool (see forwardAsync).
   * @example const out = await model.callMethodAsync('predict', x);
   */
  callMethodAsync(name: string, ...args: unknown[]): Promise<unknown> {
    if (typeof name !== 'string') return Promise.reject(new TypeError(`callMethodAsync(name): name must be a string (got ${describeValue(name)})`));
    try {
      return jit.callMethodAsync(this._handle, name, args);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  // ---- attributes ----------------------------------------------------------------------------

  /**
   * An attribute's value: a parameter (the same nn.Parameter object each time), a buffer, a
   * submodule (a ScriptModule), or a plain value (int, float, str, lists, dicts...).
   * @example (model.getAttr('fc1') as ScriptModule).getAttr('weight')
   */
  getAttr(name: string): unknown {
    if (typeof name !== 'string') throw new TypeError(`getAttr(name): name must be a string (got ${describeValue(name)})`);
    const kind = this.description.attributes.find((a) => a.name === name)?.kind;
    if (kind === 'parameter') return this._ownParameters().find(([n]) => n === name)?.[1] ?? null;
    if (kind === 'buffer') return this._ownBuffers().find(([n]) => n === name)?.[1] ?? null;
    if (kind === 'module') return this._ownModules().find(([n]) => n === name)?.[1] ?? null;
    return jit.getAttr(this._handle, name);
  }

  /**
   * Sets an existing attribute, where TorchScript allows it: the value must have the attribute's
   * declared type (TorchScript's message otherwise); constants cannot be set, and no new
   * attribute can be added (a TorchScript class is fixed).
   * @example model.setAttr('threshold', 0.5);
   */
  setAttr(name: string, value: unknown): void {
    if (typeof name !== 'string') throw new TypeError(`setAttr(name): name must be a string (got ${describeValue(name)})`);
    if (value instanceof ScriptModule) throw new TypeError(`setAttr('${name}'): replacing a submodule of a ScriptModule is not supported`);
    jit.setAttr(this._handle, name, value);
  }

  /** True when the module has the attribute or constant. @example model.hasAttr('fc1') */
  hasAttr(name: string): boolean {
    return typeof name === 'string' && jit.hasAttr(this._handle, name);
  }

  /** True in training mode: TorchScript's own `training` attribute. @example model.training */
  override get training(): boolean {
    return jit.hasAttr(this._handle, 'training') ? jit.getAttr(this._handle, 'training') === true : false;
  }
  override set training(mode: boolean) {
    if (typeof mode !== 'boolean') throw new TypeError(`training must be a boolean (got ${describeValue(mode)})`);
    jit.setAttr(this._handle, 'training', mode);
  }

  /**
   * Sets `training` on this module and every submodule (TorchScript's flags, which its code
   * reads: Dropout, BatchNorm); returns this.
   * @example model.eval(); model.train();
   */
  override train(mode: boolean = true): this {
    if (typeof mode !== 'boolean') throw new TypeError(`train(mode): mode must be a boolean (got ${describeValue(mode)})`);
    jit.train(this._handle, mode);
    return this;
  }

  /**
   * The forward graph (TorchScript IR), or another method's; Python's `module.graph`.
   * @example console.log(model.graphOf('forward'));
   */
  graphOf(method: string = 'forward'): string {
    return jit.graph(this._handle, method);
  }

  /** `forward`'s graph as text. @example model.graph.includes('aten::linear') */
  get graph(): string {
    return this.graphOf('forward');
  }

  // ---- members (nn.Module's registration hooks) ----------------------------------------------

  /** @internal */
  override _ownParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [name, t, kind] of jit.ownTensors(this._handle)) {
      if (kind !== 'parameter') continue;
      let p = this.#params.get(name);
      if (p === undefined || !jit.sameTensor(p, t)) {
        p = escapeScopes(native.tensorObject(t, Parameter.prototype) as Parameter);
        this.#params.set(name, p);
      }
      out.push([name, p]);
    }
    return out;
  }

  /** @internal */
  override _ownBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, t, kind] of jit.ownTensors(this._handle)) {
      if (kind !== 'buffer') continue;
      const cached = this.#buffers.get(name);
      if (cached !== undefined && jit.sameTensor(cached, t)) {
        out.push([name, cached]);
        continue;
      }
      escapeScopes(t);
      this.#buffers.set(name, t);
      out.push([name, t]);
    }
    return out;
  }

  /** @internal */
  override _ownModules(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [name, h] of jit.ownModules(this._handle)) {
      let m = this.#children.get(name);
      if (m === undefined || !jit.sameObject(m._handle, h)) {
        m = new ScriptModule(h);
        this.#children.set(name, m);
      }
      out.push([name, m]);
    }
    return out;
  }

  /** @internal nn.Module's _apply stores buffers through this: into their TorchScript slots. */
  protected override _replaceBuffer(name: string, tensor: Tensor): void {
    jit.setAttr(this._handle, name, tensor);
  }

  /** @internal TorchScript classes are fixed: members cannot be added. */
  override registerParameter(name: string, _param?: Parameter | null): void {
    throw new Error(`cannot register parameter '${name}' on a ScriptModule: a TorchScript module's attributes are fixed`);
  }

  /** @internal */
  override registerBuffer(name: string, _tensor?: Tensor | null, _options?: { persistent?: boolean }): void {
    throw new Error(`cannot register buffer '${name}' on a ScriptModule: a TorchScript module's attributes are fixed`);
  }

  /** @internal */
  override registerModule(name: string, _module?: Module | null): void {
    throw new Error(`cannot register module '${name}' on a ScriptModule: a TorchScript module's attributes are fixed`);
  }

  /**
   * A deep copy (TorchScript's `Module::deepcopy`): its own parameters, buffers and submodules.
   * @example const copy = model.deepCopy();
   */
  override deepCopy(): this {
    return new ScriptModule(jit.clone(this._handle)) as this;
  }

  // ---- saving --------------------------------------------------------------------------------

  /**
   * Saves the module in TorchScript's format (Python's `torch.jit.load` reads it). Blocks.
   * @example model.save('model.pt');
   */
  save(path: string): void {
    if (typeof path !== 'string') throw new TypeError(`save(path): path must be a string (got ${describeValue(path)})`);
    jit.save(this._handle, path);
  }

  /** The saved module's bytes (what `save` writes). @example torch.jit.load(model.saveToBuffer()) */
  saveToBuffer(): Buffer {
    return jit.saveToBuffer(this._handle);
  }

  // ---- printing ------------------------------------------------------------------------------

  /** @internal */
  override _getName(): string {
    return 'RecursiveScriptModule';
  }

  /** `original_name=Net`, as Python prints a ScriptModule. */
  override extraRepr(): string {
    return `original_name=${this.originalName}`;
  }
}

jit.setModuleFactory((h: ScriptObjectHandle) => new ScriptModule(h));
