// Python's context managers as JS scopes: a callback form (runs fn inside, returns its value; an
// async fn's scope closes when its promise settles) and a `using` form (a Disposable).

/** An open scope: `[Symbol.dispose]` closes it (the `using` form). Closing twice does nothing. */
export interface Scope {
  [Symbol.dispose](): void;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null &&
    typeof (value as { then?: unknown }).then === 'function';
}

/** Enters now; returns a Scope whose disposal calls exit once. */
export function openScope(enter: () => void, exit: () => void): Scope {
  enter();
  let open = true;
  return {
    [Symbol.dispose]() {
      if (!open) return;
      open = false;
      exit();
    },
  };
}

/** Runs fn between enter() and exit() (after its promise settles when fn is async). */
export function runScoped<T>(enter: () => void, exit: () => void, fn: () => T): T {
  enter();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    exit();
    throw e;
  }
  if (isPromiseLike(result)) return Promise.resolve(result).finally(exit) as T;
  exit();
  return result;
}
