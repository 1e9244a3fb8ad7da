/**
 * A worker's view of the WebGPU device under its models, shared by the bundled-model workers
 * (ort-session.ts) and the hub workers (hub/load.ts): when it is lost, and a test hook that loses it.
 */
export function gpuLoss(device: () => Promise<GPUDevice | null>) {
  return {
    /**
     * Resolves with the reason when the device is lost (a driver reset, the GPU process crashing, a test
     * destroying it): the models on it are then dead, and the page loads them again in a new worker.
     * Null at once when none runs on WebGPU.
     */
    async gpuLost(): Promise<string | null> {
      const d = await device();
      if (!d) return null;
      const info = await d.lost;
      return (info.message || info.reason || 'unknown').replace(/\.$/, '');
    },
    /** Test hook: destroys the device, as a lost device would be. False when there is none. */
    async loseGpu(): Promise<boolean> {
      const d = await device();
      d?.destroy();
      return d !== null;
    },
  };
}
