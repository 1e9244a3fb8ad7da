/**
 * Creates onnxruntime-web sessions for the bundled models, inside a worker:
 * files come through the verifying loader, the execution provider from
 * chooseBackend, and a WebGPU session that cannot be created falls back to
 * WASM with the reason kept. ORT's own .wasm/.mjs are served by the app
 * (public path `ort/`), never from a CDN.
 *
 * The ORT build is chosen by the worker: the audio worker always takes the
 * WASM-only build (its models never run on WebGPU); the vision worker takes
 * the default build (WebGPU + WASM, a 28 MB runtime) only when its models will
 * run on WebGPU, and the WASM-only one (14 MB, half the compile before the
 * first face) otherwise.
 */
import type * as OrtModule from 'onnxruntime-web';
import { chooseBackend, type Capabilities } from '../core/capabilities.ts';
import { ModelLoadError, loadModelFile, type FileProgress } from '../core/loader.ts';
import type { Device, ModelEntry } from '../core/manifest.ts';
import { warmUpArrays } from '../core/warm-up.ts';
import { ortLikeRunner, type ModelRunner } from '../core/runner.ts';
import { gpuLoss } from './gpu-device.ts';

export type Ort = typeof OrtModule;
type Session = OrtModule.InferenceSession;

export interface SessionInfo {
  readonly id: string;
  readonly name: string;
  readonly device: Device;
  readonly reason: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly bytes: number;
}

export interface WarmSessionInfo extends SessionInfo {
  readonly warmUpMs: number;
}

interface LoadedSession {
  readonly session: Session;
  readonly info: SessionInfo;
}

/**
 * The sessions one worker owns: each model loaded once (verified, warmed up)
 * and kept by id for the worker's pipeline to use.
 */
export class SessionHost {
  readonly #build: (caps: Capabilities) => Ort | Promise<Ort>;
  #ort: Ort | null = null;
  readonly #sessions = new Map<string, LoadedSession>();

  /** `build`: the ORT build for these capabilities (imported on the first load). */
  constructor(build: (caps: Capabilities) => Ort | Promise<Ort>) {
    this.#build = build;
  }

  /** The ORT build the sessions were created with (after the first load). */
  get ort(): Ort {
    if (!this.#ort) throw new Error('no model is loaded in this worker yet');
    return this.#ort;
  }

  has(id: string): boolean {
    return this.#sessions.has(id);
  }

  get(id: string): Session {
    const loaded = this.#sessions.get(id);
    if (!loaded) throw new Error(`model ${id} is not loaded in this worker`);
    return loaded.session;
  }

  /** The ORT build, pointed at the app's own copy of its runtime files, once per worker. */
  async #configure(appBase: string, caps: Capabilities): Promise<Ort> {
    if (this.#ort) return this.#ort;
    const ort = await this.#build(caps);
    const env = ort.env;
    env.wasm.wasmPaths = new URL('ort/', appBase).href;
    env.wasm.numThreads = caps.wasmThreads;
    env.logLevel = 'error';
    this.#ort = ort;
    return ort;
  }

  #create(bytes: Uint8Array, device: Device): Promise<Session> {
    return this.ort.InferenceSession.create(bytes, {
      executionProviders: [device],
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3, // errors only: BlazeFace's harmless "unused initializer" warnings are not news
    });
  }

  async #createSession(
    entry: ModelEntry,
    caps: Capabilities,
    appBase: string,
    onProgress?: (p: FileProgress) => void,
  ): Promise<LoadedSession> {
    await this.#configure(appBase, caps);
    const file = entry.files[0];
    if (!file || entry.files.length !== 1) {
      throw new ModelLoadError(
        entry.name,
        '(files)',
        'session',
        'must be exactly one .onnx file for a bundled session',
      );
    }
    const bytes = await loadModelFile(entry, file, { appBase, ...(onProgress ? { onProgress } : {}) });
    const choice = chooseBackend(entry, caps);
    let device = choice.device;
    let reason = choice.reason;
    let session: Session;
    try {
      session = await this.#create(bytes, device);
    } catch (gpuError) {
      if (device !== 'webgpu' || !entry.devices.includes('wasm')) {
        throw new ModelLoadError(entry.name, file.path, 'session', `could not start (${String(gpuError)})`);
      }
      device = 'wasm';
      reason = `WASM: the WebGPU session failed (${gpuError instanceof Error ? gpuError.message : String(gpuError)})`;
      try {
        session = await this.#create(bytes, device);
      } catch (wasmError) {
        throw new ModelLoadError(entry.name, file.path, 'session', `could not start (${String(wasmError)})`);
      }
    }
    const info: SessionInfo = {
      id: entry.id,
      name: entry.name,
      device,
      reason,
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      bytes: bytes.byteLength,
    };
    return { session, info };
  }

  /**
   * Runs before going live, while the loading screen is up: WebGPU compiles its shaders on the first
   * run, and V8 starts WASM kernels in its baseline compiler and optimises them only after repeated
   * calls, so the first camera frames would otherwise pay for both.
   */
  async #warmUp(session: Session, entry: ModelEntry, runs: number): Promise<number> {
    const start = performance.now();
    const feeds: Record<string, OrtModule.Tensor> = {};
    for (const [name, a] of Object.entries(warmUpArrays(entry)))
      feeds[name] = new this.ort.Tensor(a.type, a.data, a.dims);
    for (let i = 0; i < runs; i++) await session.run(feeds);
    return performance.now() - start;
  }

  async load(
    entries: readonly ModelEntry[],
    caps: Capabilities,
    appBase: string,
    onProgress?: (p: FileProgress) => void,
  ): Promise<WarmSessionInfo[]> {
    const out: WarmSessionInfo[] = [];
    for (const entry of entries) {
      let loaded = this.#sessions.get(entry.id);
      if (!loaded) {
        loaded = await this.#createSession(entry, caps, appBase, onProgress);
        this.#sessions.set(entry.id, loaded);
      }
      // WebGPU: shaders compile over the first runs. WASM: two runs take each kernel past V8's first tier.
      const runs = loaded.info.device === 'webgpu' ? 4 : 2;
      out.push({ ...loaded.info, warmUpMs: await this.#warmUp(loaded.session, entry, runs) });
    }
    return out;
  }

  async dispose(): Promise<void> {
    for (const { session } of this.#sessions.values()) await session.release();
    this.#sessions.clear();
  }

  /** The WebGPU device this worker's sessions run on, or null when none runs on WebGPU. */
  async gpuDevice(): Promise<GPUDevice | null> {
    if (![...this.#sessions.values()].some((s) => s.info.device === 'webgpu')) return null;
    return (await this.ort.env.webgpu.device) as GPUDevice;
  }
}

/** The loading half of a model worker's comlink API, shared by every ORT worker. */
export function sessionHostApi(host: SessionHost) {
  return {
    load(entries: ModelEntry[], caps: Capabilities, appBase: string, onProgress: (p: FileProgress) => void) {
      return host.load(entries, caps, appBase, onProgress);
    },
    dispose() {
      return host.dispose();
    },
    ...gpuLoss(() => host.gpuDevice()),
  };
}

/** An ORT session as the pure pipelines' ModelRunner (float tensors in and out). */
export function ortRunner(ort: Ort, session: Session): ModelRunner {
  return ortLikeRunner(session, (data, dims) => new ort.Tensor('float32', data, dims));
}
