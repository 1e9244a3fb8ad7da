/**
 * `npm run check:hub`'s runner, given a page on the e2e build's harness: every hub model in the manifest (or
 * `only`), at its pinned revision, through the app's own loading code in the browser; its files' sizes and
 * digests, timings, and the checks. `endpoint` serves the hub from elsewhere (the tiny stand-ins' server in
 * the test), routed in place of huggingface.co so that the page's URLs, CSP and cache keys stay the real ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { Capabilities } from '../../src/core/capabilities.ts';
import { decodeWav } from '../../src/core/audio/wav.ts';
import { parseManifest, type ModelEntry } from '../../src/core/manifest.ts';
import type { Harness } from '../../e2e/harness/harness.ts';
import { checksFor, HAPPY_TEXT, type CheckItem } from './checks.ts';
import type { CheckInputs, PageResult } from './kinds.ts';

declare const harness: Harness;

const root = join(import.meta.dirname, '../..');
export const MANIFEST = join(root, 'models/manifest.json');

export interface ModelReport extends PageResult {
  readonly name: string;
  readonly revision: string;
  readonly totalBytes: number;
  readonly checks: CheckItem[];
  readonly ok: boolean;
  /** Files whose digest the manifest records and the download does not match. */
  readonly mismatches: string[];
}

export interface HubReport {
  readonly date: string;
  readonly endpoint: string;
  readonly device: 'webgpu' | 'wasm' | 'auto';
  readonly adapter: string | null;
  readonly models: ModelReport[];
  readonly totalBytes: number;
}

export interface CheckOptions {
  readonly only?: readonly string[];
  readonly endpoint?: string;
  readonly device?: 'webgpu' | 'wasm';
  readonly baseUrl: string;
  readonly log?: (line: string) => void;
}

/** huggingface.co answered from `endpoint` (same paths), for the page's fetches. */
export async function routeHubTo(context: BrowserContext, endpoint: string): Promise<void> {
  await context.route('https://huggingface.co/**', async (route) => {
    const url = new URL(route.request().url());
    const response = await fetch(new URL(url.pathname + url.search, endpoint), {
      headers: { range: route.request().headers().range ?? '' },
    });
    const body = Buffer.from(await response.arrayBuffer());
    await route.fulfill({
      status: response.status,
      body,
      headers: {
        'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
        'access-control-allow-origin': '*',
      },
    });
  });
}

export function fixtureInputs(): CheckInputs {
  const face = readFileSync(join(root, 'e2e/fixtures/faces/happy/london_001_smiling.jpg'));
  const { samples, sampleRate } = decodeWav(
    new Uint8Array(readFileSync(join(root, 'e2e/fixtures/speech/happy/cremad_1001_DFA_HAP_XX.wav'))),
  );
  if (sampleRate !== 16_000) throw new Error(`the fixture sentence is ${sampleRate} Hz, expected 16000`);
  return { smilingFace: [...face], sentence: Array.from(samples), happyText: HAPPY_TEXT };
}

export async function checkHub(page: Page, options: CheckOptions): Promise<HubReport> {
  const log = options.log ?? (() => undefined);
  const manifest = parseManifest(JSON.parse(readFileSync(MANIFEST, 'utf8')));
  const entries = manifest.models.filter(
    (m) => m.source.kind === 'hub' && (!options.only?.length || options.only.includes(m.id)),
  );
  if (options.only?.length) {
    const unknown = options.only.filter((id) => !entries.some((e) => e.id === id));
    if (unknown.length) throw new Error(`no hub model ${unknown.join(', ')} in models/manifest.json`);
  }
  if (options.endpoint) await routeHubTo(page.context(), options.endpoint);
  await page.goto(new URL('/e2e/harness/index.html', options.baseUrl).href);
  await page.waitForFunction(() => 'harness' in globalThis);
  const probed = await page.evaluate(() => harness.probe());
  // WebGPU only where a hardware adapter is (the probe's choice), unless asked; `--device webgpu` takes a software one.
  const caps: Capabilities =
    options.device === 'wasm'
      ? { ...probed, webgpu: { ...probed.webgpu, useForModels: false, unusedBecause: 'check:hub --device wasm' } }
      : options.device === 'webgpu'
        ? { ...probed, webgpu: { ...probed.webgpu, useForModels: probed.webgpu.available } }
        : {
            ...probed,
            webgpu: { ...probed.webgpu, useForModels: probed.webgpu.available && !probed.webgpu.isFallbackAdapter },
          };
  const appBase = await page.evaluate(() => harness.appBase());
  const inputs = fixtureInputs();
  const models: ModelReport[] = [];
  for (const entry of entries) {
    log(`  ${entry.id}…`);
    // Downloads are hashed here against the manifest, not refused in the worker: a changed file is reported.
    const unpinned: ModelEntry = { ...entry, files: entry.files.map((f) => ({ ...f, sha256: null })) };
    const result = await page.evaluate(([e, c, base, i]) => harness.checkHubModel(e, c, base, i), [
      unpinned,
      caps,
      appBase,
      inputs,
    ] as const);
    const checks = checksFor(entry, result);
    const recorded = new Map(entry.files.map((f) => [f.path, f.sha256]));
    const mismatches = result.files
      .filter((f) => recorded.get(f.path) && recorded.get(f.path) !== f.sha256)
      .map((f) => f.path);
    if (mismatches.length)
      checks.push({ name: 'files match the manifest', ok: false, detail: `sha256 differs: ${mismatches.join(', ')}` });
    const source = entry.source as { revision: string };
    models.push({
      ...result,
      name: entry.name,
      revision: source.revision,
      totalBytes: result.files.reduce((s, f) => s + f.bytes, 0),
      checks,
      ok: checks.every((c) => c.ok),
      mismatches,
    });
  }
  return {
    date: new Date().toISOString(),
    endpoint: options.endpoint ?? 'https://huggingface.co',
    device: options.device ?? 'auto',
    adapter: probed.webgpu.available
      ? `${probed.webgpu.vendor} ${probed.webgpu.description}`.trim() +
        (probed.webgpu.isFallbackAdapter ? ' (software)' : '')
      : null,
    models,
    totalBytes: models.reduce((s, m) => s + m.totalBytes, 0),
  };
}

/** The report as a table: model, files, MB, load s, first-run s, warm-run ms or tokens/s, check ✓/✗ with the reason. */
export function reportTable(report: HubReport): string {
  const rows = [['model', 'files', 'MB', 'load s', 'first run s', 'warm run', 'check']];
  for (const m of report.models) {
    const out = m.output as { tokensPerSecond?: number | null; ttftMs?: number | null } | null;
    const warm =
      m.kind === 'explainer' && out
        ? `${out.tokensPerSecond?.toFixed(1) ?? '–'} tok/s, first token ${out.ttftMs?.toFixed(0) ?? '–'} ms`
        : `${m.warmRunMs.toFixed(0)} ms`;
    const failed = m.checks.filter((c) => !c.ok);
    rows.push([
      m.id,
      String(m.files.length),
      (m.totalBytes / 1e6).toFixed(1),
      m.loadS.toFixed(1),
      m.firstRunS.toFixed(2),
      m.error ? '–' : warm,
      m.ok ? '✓' : `✗ ${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')}`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 6 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** The manifest with each checked model's downloaded files' sizes and digests written in (files added where new). */
export function withRecordedFiles(manifestJson: string, report: HubReport): string {
  type File = {
    path: string;
    sha256: string | null;
    size: number | null;
    shownSize?: number;
    digestSource?: string;
    unverifiable?: string;
  };
  const manifest = JSON.parse(manifestJson) as { models: { id: string; files: File[] }[] };
  const source = `downloaded and hashed by npm run check:hub (${new Date().toISOString().slice(0, 10)})`;
  for (const m of report.models) {
    if (m.error) continue;
    const model = manifest.models.find((x) => x.id === m.id);
    if (!model) continue;
    for (const f of m.files) {
      const existing = model.files.find((x) => x.path === f.path);
      if (existing) {
        // The exact size replaces the one the hub page displayed.
        Object.assign(existing, { sha256: f.sha256, size: f.bytes, digestSource: source });
        delete existing.shownSize;
        delete existing.unverifiable;
      } else model.files.push({ path: f.path, sha256: f.sha256, size: f.bytes, digestSource: source });
    }
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
