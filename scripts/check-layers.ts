/**
 * `npm run check:layers` (part of `npm test`): the import rules between the
 * app's layers, read from the source as text.
 *
 * - `src/core` is pure: its files (tests aside) import only other files of
 *   `src/core`: no package, no Node or browser module, no other layer.
 * - State and components import no worker file: the types that cross a
 *   worker boundary live in `src/workers/protocol.ts` (workers are started
 *   by URL, `new URL('…worker.ts', import.meta.url)`, which is not an import).
 * - Components import no platform or worker module at all.
 * - Nothing in `src` outside tests and `src/test-support` imports from
 *   `scripts/` or `e2e/` (test stand-ins and tooling stay out of the app).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly rule: string;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a file imports (static, side-effect and dynamic imports). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT)) out.push((m[1] ?? m[2] ?? m[3]) as string);
  return out;
}

const isTest = (file: string) => /\.test\.ts$/.test(file) || file.startsWith('src/test-support/');

/** Rule violations among `files` (repo-relative path → source). */
export function violations(files: ReadonlyMap<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const [file, source] of files) {
    if (!file.startsWith('src/')) continue;
    for (const specifier of importsOf(source)) {
      const relativeSpec = specifier.startsWith('.');
      const target = relativeSpec ? normalize(join(dirname(file), specifier.split('?')[0] as string)) : null;
      const add = (rule: string) => out.push({ file, specifier, rule });
      if (file.startsWith('src/core/') && !isTest(file)) {
        if (!target || !target.startsWith('src/core/')) add('src/core imports only src/core');
      }
      const ui = file.startsWith('src/state/') || file.startsWith('src/components/') || /^src\/App\.svelte$/.test(file);
      if (ui && target && /\.worker\.ts$/.test(target))
        add('state and components take worker types from src/workers/protocol.ts');
      if (
        file.startsWith('src/components/') &&
        target &&
        (target.startsWith('src/platform/') || target.startsWith('src/workers/'))
      ) {
        if (target !== 'src/workers/protocol.ts') add('components import no platform or worker module');
      }
      if (!isTest(file) && target && (target.startsWith('scripts/') || target.startsWith('e2e/')))
        add('src imports nothing from scripts/ or e2e/');
    }
  }
  return out;
}

function walk(dir: string, root: string, out: Map<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, root, out);
    else if (/\.(ts|svelte)$/.test(entry.name)) out.set(relative(root, path), readFileSync(path, 'utf8'));
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const root = join(import.meta.dirname, '..');
  const files = new Map<string, string>();
  walk(join(root, 'src'), root, files);
  const found = violations(files);
  for (const v of found) console.error(`${v.file}: imports ${v.specifier} — ${v.rule}`);
  console.log(`layer check: ${files.size} files, ${found.length} violation(s)`);
  if (found.length > 0) process.exit(1);
}
