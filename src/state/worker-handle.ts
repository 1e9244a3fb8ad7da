/**
 * One worker's lifetime, for every worker the page starts: spawn on first
 * use, calls that are tracked, and on a crash or a close every call still
 * in flight rejected at once with a WorkerClosedError (comlink's own
 * release would leave them pending forever), the crash reported, and a
 * fresh worker on the next use (Retry).
 */
import * as Comlink from 'comlink';

export class WorkerClosedError extends Error {
  override name = 'WorkerClosedError';
}

/** What the handle needs of a Worker (a test passes a MessagePort that plays one). */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

export class WorkerHandle<Api> {
  #worker: WorkerLike | null = null;
  #api: Comlink.Remote<Api> | null = null;
  readonly #pending = new Set<(e: Error) => void>();

  /**
   * `create` starts the worker; `onCrash` hears of an uncaught error in it (after the handle has closed it
   * and rejected what was in flight).
   */
  constructor(
    readonly name: string,
    readonly create: () => WorkerLike,
    public onCrash: ((message: string) => void) | null = null,
  ) {}

  /** The live worker's API, or null when none is running. Calls through `call` are tracked; direct ones are not. */
  get api(): Comlink.Remote<Api> | null {
    return this.#api;
  }

  get running(): boolean {
    return this.#worker !== null;
  }

  /** The running worker's API, starting one if there is none. */
  spawn(): Comlink.Remote<Api> {
    if (this.#api) return this.#api;
    const worker = this.create();
    worker.addEventListener('error', (e) => {
      (e as Event).preventDefault?.();
      if (this.#worker !== worker) return;
      const message = (e as ErrorEvent).message || 'no message';
      this.close(`the ${this.name} worker stopped unexpectedly (${message})`);
      this.onCrash?.(message);
    });
    this.#worker = worker;
    this.#api = Comlink.wrap<Api>(worker);
    return this.#api;
  }

  /** Runs `fn` on the worker (started if needed); rejects at once if the worker crashes or is closed first. */
  call<R>(fn: (api: Comlink.Remote<Api>) => Promise<R>): Promise<R> {
    const api = this.spawn();
    return new Promise<R>((resolve, reject) => {
      this.#pending.add(reject);
      fn(api)
        .then(resolve, reject)
        .finally(() => this.#pending.delete(reject));
    });
  }

  /** Stops the worker; every call still in flight rejects with `reason`. The next use starts a new one. */
  close(reason = `the ${this.name} worker was closed`): void {
    const pending = [...this.#pending];
    this.#pending.clear();
    const api = this.#api;
    const worker = this.#worker;
    this.#api = null;
    this.#worker = null;
    api?.[Comlink.releaseProxy]();
    worker?.terminate();
    for (const reject of pending) reject(new WorkerClosedError(reason));
  }
}

/**
 * A running worker as a part of the page uses it: calls go through its handle (so a crash or a close
 * rejects them at once), and `key` stays the same while this worker lives (a new worker, a new key).
 */
export interface WorkerLink<Api> {
  readonly key: object;
  call<R>(fn: (api: Comlink.Remote<Api>) => Promise<R>): Promise<R>;
}

/**
 * The link to the worker `handle` runs now, as `Api`; null when none runs. Once that worker is gone, its
 * link's calls reject (they never start a new, empty worker).
 */
export function workerLink<Api>(handle: WorkerHandle<unknown>): WorkerLink<Api> | null {
  const api = handle.api;
  if (!api) return null;
  return {
    key: api,
    call: (fn) =>
      handle.api === api
        ? handle.call((a) => fn(a as unknown as Comlink.Remote<Api>))
        : Promise.reject(new WorkerClosedError(`the ${handle.name} worker was closed`)),
  };
}
