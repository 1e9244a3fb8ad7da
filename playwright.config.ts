import { defineConfig, type LaunchOptions } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, SWIFTSHADER_FOR_TESTS } from './e2e/chromium.ts';
import {
  FAKE_AUDIO,
  FAKE_AUDIO_ANGRY_RUN,
  FAKE_AUDIO_NEUTRAL,
  FAKE_AUDIO_REPEATING,
  FAKE_VIDEO,
  FAKE_VIDEO_CALM,
  FAKE_VIDEO_SMILING,
} from './e2e/media-paths.ts';

const PORT = 4173;
const FAKE_MEDIA = [
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${FAKE_VIDEO}`,
  // Played once: one utterance per page load.
  `--use-file-for-fake-audio-capture=${FAKE_AUDIO}%noloop`,
];

/**
 * Where a missed sentence would fail a test (the voice path, the Standard tier whose many workers can
 * keep a 2-core machine busy enough that the page starts listening late): the sentence again every ~28 s.
 */
const FAKE_MEDIA_REPEATING = [
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${FAKE_VIDEO}`,
  `--use-file-for-fake-audio-capture=${FAKE_AUDIO_REPEATING}`,
];

/** A still face as the camera and a looping microphone file: the live cases (calm or smiling face, angry or neutral voice). */
function liveCase(video: string, audio: string): LaunchOptions {
  return launch([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
    `--use-file-for-fake-audio-capture=${audio}`,
  ]);
}

function launch(args: string[]): LaunchOptions {
  return { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...SWIFTSHADER_FOR_TESTS, ...args] };
}

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  // The service worker is tested where it matters (static-host.spec.ts: isolation without headers, offline
  // after one visit); elsewhere it would precache 50 MB in every fresh context, so it is blocked.
  use: { baseURL: `http://localhost:${PORT}`, trace: 'off', serviceWorkers: 'block' },
  webServer: {
    command: `npx vite preview --mode e2e --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
  projects: [
    { name: 'build', testMatch: /build\.spec\.ts/ },
    // Firefox ESR through puppeteer-core: the spec launches it itself (no Playwright browser).
    { name: 'firefox', testMatch: /firefox\.spec\.ts/ },
    // WebKitGTK through WebKitWebDriver on Xvfb: the spec launches it itself.
    { name: 'webkitgtk', testMatch: /webkit\.spec\.ts/ },
    {
      name: 'webgpu',
      testMatch:
        /(app|hub-models|hub-explainer|vision|faults|check-hub|examples|accessibility|timeline|screenshots)\.spec\.ts/,
      use: { launchOptions: launch(['--enable-unsafe-webgpu', '--use-fake-ui-for-media-stream', ...FAKE_MEDIA]) },
    },
    {
      name: 'repeating',
      testMatch: /(audio|standard|storage)\.spec\.ts/,
      use: {
        launchOptions: launch(['--enable-unsafe-webgpu', '--use-fake-ui-for-media-stream', ...FAKE_MEDIA_REPEATING]),
      },
    },
    {
      name: 'incongruent',
      testMatch: /incongruent\.spec\.ts/,
      use: { launchOptions: liveCase(FAKE_VIDEO_CALM, FAKE_AUDIO_ANGRY_RUN) },
    },
    {
      name: 'face-holds',
      testMatch: /face-holds\.spec\.ts/,
      use: { launchOptions: liveCase(FAKE_VIDEO_SMILING, FAKE_AUDIO_NEUTRAL) },
    },
    {
      name: 'calm-neutral',
      testMatch: /calm-neutral\.spec\.ts/,
      use: { launchOptions: liveCase(FAKE_VIDEO_CALM, FAKE_AUDIO_NEUTRAL) },
    },
    {
      name: 'no-webgpu',
      testMatch: /(wasm-fallback|calibration)\.spec\.ts/,
      use: { launchOptions: launch(['--use-fake-ui-for-media-stream', ...FAKE_MEDIA]) },
    },
    {
      name: 'static-host',
      testMatch: /static-host\.spec\.ts/,
      use: { serviceWorkers: 'allow', launchOptions: launch(['--use-fake-ui-for-media-stream', ...FAKE_MEDIA]) },
    },
    {
      name: 'denied',
      testMatch: /permissions\.spec\.ts/,
      use: { launchOptions: launch(['--deny-permission-prompts', ...FAKE_MEDIA]) },
    },
  ],
});
