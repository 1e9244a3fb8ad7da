import { expect, test } from '@playwright/test';
import { startHubServer, type HubServer } from '../scripts/tiny-models/hub-server.ts';
import { TINY_MODELS_DIR } from '../scripts/tiny-models/paths.ts';
import { checkHub, reportTable, withRecordedFiles } from '../scripts/check-hub/check.ts';
import { readFileSync } from 'node:fs';
import { MANIFEST } from '../scripts/check-hub/check.ts';

/**
 * `npm run check:hub` end to end against the local hub stand-in (the tiny models' server, the hub's URL
 * layout): every hub model in the manifest is downloaded through the app's loading code, run, hashed and
 * checked. Random-weight stand-ins cannot pass the quality checks, so this asserts the report's shape, that
 * every check ran, and that the ones a stand-in must fail do fail; the shape checks pass.
 */
let hub: HubServer;
test.beforeAll(async () => {
  hub = await startHubServer(TINY_MODELS_DIR);
});
test.afterAll(async () => {
  await hub.close();
});

test('check:hub against the stand-in: every hub model downloaded, hashed, run and checked; a report and a manifest update', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(5 * 60_000);
  const report = await checkHub(page, { baseUrl: baseURL!, endpoint: hub.url, device: 'wasm' });
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { models: { id: string; source: { kind: string } }[] };
  const hubIds = manifest.models.filter((m) => m.source.kind === 'hub').map((m) => m.id);
  expect(report.models.map((m) => m.id).sort()).toEqual([...hubIds].sort());
  expect(report.endpoint).toBe(hub.url);
  // The Omni explainer needs WebGPU: on WASM its row says so (it is checked on WebGPU below).
  const omni = report.models.find((m) => m.id === 'gemma4-e2b')!;
  expect(omni.error).toContain('needs WebGPU');
  expect(omni.ok).toBe(false);
  expect(omni.checks).toEqual([{ name: 'loads and runs', ok: false, detail: omni.error }]);
  for (const m of report.models.filter((x) => x !== omni)) {
    expect(m.error, m.id).toBeUndefined();
    expect(m.device, m.id).toBe('wasm');
    expect(m.files.length, m.id).toBeGreaterThan(0);
    for (const f of m.files) {
      expect(f.sha256, `${m.id} ${f.path}`).toMatch(/^[0-9a-f]{64}$/);
      expect(f.bytes).toBeGreaterThan(0);
    }
    expect(
      m.files.some((f) => f.path.endsWith('.onnx')),
      m.id,
    ).toBe(true);
    expect(m.loadS).toBeGreaterThan(0);
    expect(m.checks[0]).toMatchObject({ name: 'loads and runs', ok: true });
  }
  const check = (id: string, name: string) =>
    report.models.find((m) => m.id === id)!.checks.find((c) => c.name.startsWith(name));
  // The shape checks pass on the stand-ins; the quality checks ran (a random model cannot be relied on to pass them).
  expect(check('vit-facial-emotions', 'labels map')!.ok).toBe(true);
  expect(check('vit-facial-emotions', 'smiling face reads happy')!.detail).toMatch(/^read \w+ \d\.\d\d$/);
  expect(check('roberta-go-emotions', 'labels map')!.ok).toBe(true);
  expect(check('roberta-go-emotions', 'happy sentence reads happy')!.detail).toMatch(/^read \w+/);
  expect(check('speech-emotion-wav2vec2', 'labels map')!.ok).toBe(true);
  expect(check('speech-emotion-wav2vec2', 'a top class comes out')!.ok).toBe(true);
  // The stand-in speech-to-text knows no English: the sentence check must fail, with the transcript and WER said.
  const stt = check('moonshine-base', 'sentence transcribed')!;
  expect(stt.ok).toBe(false);
  expect(stt.detail).toMatch(/WER \d+%$/);
  for (const id of ['smollm2-135m', 'smolvlm-256m']) {
    expect(check(id, 'every section, in MI order')!.ok, id).toBe(true);
    expect(check(id, 'answer among the seven labels')!.ok, id).toBe(true);
    expect(
      (report.models.find((m) => m.id === id)!.output as { tokensPerSecond: number }).tokensPerSecond,
    ).toBeGreaterThan(0);
  }
  // --only and --device webgpu (this machine's software adapter): the Omni explainer hears and sees the fixtures.
  const onGpu = await checkHub(page, { baseUrl: baseURL!, endpoint: hub.url, device: 'webgpu', only: ['gemma4-e2b'] });
  expect(onGpu.models.map((m) => [m.id, m.device, m.error])).toEqual([['gemma4-e2b', 'webgpu', undefined]]);
  expect(onGpu.models[0]!.checks.map((c) => [c.name, c.ok])).toEqual([
    ['loads and runs', true],
    ['every section, in MI order', true],
    ['answer among the seven labels', true],
  ]);
  const omniFiles = onGpu.models[0]!.files.map((f) => f.path);
  for (const part of ['audio_encoder', 'vision_encoder', 'embed_tokens', 'decoder_model_merged'])
    expect(
      omniFiles.some((p) => p.startsWith(`onnx/${part}_q4`)),
      part,
    ).toBe(true);
  const table = reportTable(report);
  expect(table.split('\n')[0]).toMatch(/^model\s+files\s+MB\s+load s\s+first run s\s+warm run\s+check$/);
  expect(table.split('\n')).toHaveLength(hubIds.length + 1);
  expect(table).toMatch(/moonshine-base .*✗ sentence transcribed/);
  // --write-manifest: each downloaded file's digest, size and where the digest came from go into the manifest
  // (here into a copy); a file that had no digest loses its `unverifiable` reason.
  const written = JSON.parse(withRecordedFiles(readFileSync(MANIFEST, 'utf8'), report)) as {
    models: { id: string; files: { path: string; sha256: string | null; size: number | null }[] }[];
  };
  const vit = report.models.find((m) => m.id === 'vit-facial-emotions')!;
  for (const f of vit.files)
    expect(written.models.find((m) => m.id === vit.id)!.files.find((x) => x.path === f.path)).toEqual({
      path: f.path,
      sha256: f.sha256,
      size: f.bytes,
      digestSource: expect.stringMatching(/^downloaded and hashed by npm run check:hub \(\d{4}-\d\d-\d\d\)$/),
    });
});
