/** Debian's Chromium (never a downloaded browser) and the flags it needs headless here, for tests and the benchmark. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Tests only: WebGPU in headless Chromium here is SwiftShader, a CPU emulation, where Dawn's bounds checks
 * and zeroed workgroup memory in every shader cost a third of a hub model's load and first run (the MI-guided
 * explainer test: 50 s → 35 s). Both are safety nets against shader bugs, not part of what the tests check;
 * WebGPU API validation stays on, so a misuse by the app still fails. Not used by the benchmark.
 */
export const SWIFTSHADER_FOR_TESTS = ['--enable-dawn-features=disable_robustness,disable_workgroup_init'];

export function fakeMedia(video: string, audio: string): string[] {
  return [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
    `--use-file-for-fake-audio-capture=${audio}`,
  ];
}
