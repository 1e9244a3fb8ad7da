/**
 * Capabilities of a desktop with a hardware GPU able to run the Omni tier (shader-f16, 4 GiB buffers,
 * 8 GB of memory): shared by the capability and tier tests.
 */
import { NO_WEBGPU, type Capabilities } from './capabilities.ts';

export const RTX_4070: Capabilities = {
  webgpu: {
    ...NO_WEBGPU,
    available: true,
    description: 'NVIDIA RTX 4070',
    useForModels: true,
    shaderF16: true,
    limits: { maxBufferSize: 4 * 1024 ** 3 },
  },
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  wasmSimd: true,
  hardwareConcurrency: 8,
  wasmThreads: 4,
  deviceMemoryGb: 8,
};
