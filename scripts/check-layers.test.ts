import { describe, expect, it } from 'vitest';
import { importsOf, violations } from './check-layers.ts';

describe('the layer check', () => {
  it('reads static, side-effect and dynamic imports, and not a worker started by URL', () => {
    const source = `import a from './a.ts';\nimport type { B } from "../b.ts";\nexport { c } from './c.ts';\nimport './d.css';\nconst e = await import('./e.ts');\nnew Worker(new URL('./f.worker.ts', import.meta.url));`;
    expect(importsOf(source)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.css', './e.ts']);
  });

  it('flags each broken rule, and nothing in files that keep them', () => {
    const files = new Map([
      [
        'src/core/mi/x.ts',
        "import { a } from '../labels.ts';\nimport * as ort from 'onnxruntime-web';\nimport { b } from '../../platform/hub.ts';",
      ],
      ['src/core/mi/x.test.ts', "import { it } from 'vitest';\nimport { c } from '../../test-support/node-models.ts';"],
      [
        'src/state/y.svelte.ts',
        "import type { AudioWorkerApi } from '../workers/audio.worker.ts';\nimport type { AudioEvent } from '../workers/protocol.ts';",
      ],
      [
        'src/components/Z.svelte',
        "<script lang=\"ts\">\n  import type { FrameResult } from '../workers/protocol.ts';\n  import { probe } from '../platform/probe.ts';\n</script>",
      ],
      ['src/platform/w.ts', "import { STAND_INS } from '../../scripts/tiny-models/stand-ins.ts';"],
      ['src/test-support/v.ts', "import { STAND_INS } from '../../scripts/tiny-models/stand-ins.ts';"],
    ]);
    expect(violations(files).map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'src/core/mi/x.ts onnxruntime-web',
      'src/core/mi/x.ts ../../platform/hub.ts',
      'src/state/y.svelte.ts ../workers/audio.worker.ts',
      'src/components/Z.svelte ../platform/probe.ts',
      'src/platform/w.ts ../../scripts/tiny-models/stand-ins.ts',
    ]);
  });
});
