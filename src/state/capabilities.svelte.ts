/** The capability probe's result, for the status bar and the capability panel. */
import type { Capabilities } from '../core/capabilities.ts';
import { pageParam } from '../platform/app-base.ts';
import { probeCapabilities } from '../platform/probe.ts';

export class CapabilityProbe {
  caps: Capabilities | null = $state.raw(null);
  error: string | null = $state(null);

  async run(): Promise<Capabilities | null> {
    try {
      const allowSoftwareAdapter = pageParam('webgpu') === 'software';
      this.caps = await probeCapabilities({ allowSoftwareAdapter });
    } catch (e) {
      this.error = `Could not check what this browser can do: ${e instanceof Error ? e.message : String(e)}`;
    }
    return this.caps;
  }
}
