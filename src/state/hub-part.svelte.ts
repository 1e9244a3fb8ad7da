/**
 * A part of the Standard and Omni tiers that runs hub models in a worker of its own (the face model, the
 * speech models, the voice model, the explainer): its loading state, per-file progress, backend, last
 * reading and error, and the lifetime they share — load once, fail with a message that closes the
 * worker, load again in a new worker after a lost GPU device, unload.
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
import type { FileProgress } from '../core/loader.ts';
import { HubWorkerHandle } from './hub-worker.ts';
import { WorkerClosedError } from './worker-handle.ts';
import type { LoadState } from './models.svelte.ts';

export abstract class HubPart<Last> {
  state: LoadState = $state('idle');
  error: string | null = $state(null);
  files: Record<string, FileProgress> = $state({});
  backend: string | null = $state(null);
  /** What its downloads left to say (storage full, a damaged cached copy replaced). */
  notice: string | null = $state(null);
  /** The latest reading, for the card. */
  last: Last | null = $state.raw(null);
  protected readonly hub: HubWorkerHandle;

  constructor(workerName: string) {
    this.hub = new HubWorkerHandle(workerName);
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  /** Starts a load: false when one is under way or done already. */
  protected begin(): boolean {
    if (this.state === 'loading' || this.state === 'ready') return false;
    this.state = 'loading';
    this.error = null;
    this.files = {};
    this.last = null;
    this.notice = null;
    return true;
  }

  /** Per-file progress, keyed by `model/file`. */
  protected progress(p: FileProgress): void {
    this.files[`${p.model}/${p.file}`] = p;
  }

  abstract load(caps: Capabilities): Promise<void>;

  /**
   * One load, as every part does it: `load` its models in the worker (a crash says `crashed`; a lost GPU
   * device loads them again in a new worker), then `use` what loaded, which says where they run (or
   * null, having failed itself); then ready. A load that fails says `failed` with the reason.
   */
  protected async loadWith<T>(
    caps: Capabilities,
    say: { crashed: (why: string) => string; failed: (reason: string) => string },
    load: (hub: HubWorkerHandle, caps: Capabilities, onProgress: (p: FileProgress) => void) => Promise<T>,
    use: (loaded: T) => Promise<string | null> | string | null,
  ): Promise<void> {
    if (!this.begin()) return;
    try {
      const onProgress = Comlink.proxy((p: FileProgress) => this.progress(p));
      const loaded = await this.hub.load(
        caps,
        (why) => this.fail(say.crashed(why)),
        (c) => load(this.hub, c, onProgress),
        () => this.reload(caps),
      );
      const backend = await use(loaded);
      if (backend === null) return;
      this.backend = backend;
      this.notice = await this.hub.storageNotice();
      this.state = 'ready';
    } catch (e) {
      // Closed on purpose (Lite chosen) or by a crash, which onCrash has reported: nothing more to say.
      if (e instanceof WorkerClosedError) return;
      this.fail(say.failed(e instanceof Error ? e.message : String(e)));
    }
  }

  /** Its models again, in a new worker (the GPU device under them was lost). */
  protected reload(caps: Capabilities): void {
    this.state = 'idle';
    void this.load(caps);
  }

  /** Test hook: destroys the WebGPU device under this part's models. */
  loseGpu(): Promise<boolean> {
    return this.hub.loseGpu();
  }

  unload(): void {
    this.hub.close();
    this.state = 'idle';
    this.error = null;
    this.last = null;
  }

  protected fail(message: string): void {
    this.hub.close();
    this.error = message;
    this.state = 'error';
  }
}
