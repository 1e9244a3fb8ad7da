/**
 * The e2e harness page: exposes the app's own manifest, capability probe and
 * worker constructors to Playwright, so tests drive the real workers and the
 * real loading code in the browser (only the hub host is routed to fixtures).
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../../src/core/capabilities.ts';
import manifestJson from '../../models/manifest.json';
import { parseManifest } from '../../src/core/manifest.ts';
import { planSections } from '../../src/core/mi/prompts.ts';
import { appBase } from '../../src/platform/app-base.ts';
import { probeCapabilities } from '../../src/platform/probe.ts';
import { migrCase } from '../../src/test-support/migr-case.ts';
import type { HubWorkerApi } from '../../src/workers/protocol.ts';
import { checkHubModel } from './check-hub.ts';

const harness = {
  manifest: parseManifest(manifestJson),
  /** The WebGPU path is what these tests prove, so the software adapter counts. */
  probe: () => probeCapabilities({ allowSoftwareAdapter: true }),
  /** The same capabilities with no WebGPU: the WASM run each WebGPU run is compared with. */
  wasmOnly: (caps: Capabilities): Capabilities => ({
    ...caps,
    webgpu: { ...caps.webgpu, available: false, useForModels: false, reason: 'test: WASM path' },
  }),
  /** The MIGR case the unit tests share: an angry voice, a face that hides it, optionally neutral words. */
  migrCase,
  appBase,
  proxy: Comlink.proxy,
  planSections,
  /** `npm run check:hub`: one hub model loaded, run and its files hashed (e2e/harness/check-hub.ts). */
  checkHubModel,
  hubWorker(): Comlink.Remote<HubWorkerApi> {
    const worker = new Worker(new URL('../../src/workers/hub.worker.ts', import.meta.url), {
      type: 'module',
      name: 'hub',
    });
    return Comlink.wrap<HubWorkerApi>(worker);
  },
};

export type Harness = typeof harness;
(globalThis as unknown as { harness: Harness }).harness = harness;
