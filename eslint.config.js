// ESLint: the recommended rules of ESLint, typescript-eslint and eslint-plugin-svelte, with no blanket disables.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-e2e/',
      'e2e/.generated/',
      'test-results/',
      'playwright-report/',
      'public/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    // __ORT_RUNTIME_BYTES__: defined by vite.config.ts at build time (declared in src/globals.d.ts).
    languageOptions: {
      globals: { ...globals.browser, ...globals.node, ...globals.worker, __ORT_RUNTIME_BYTES__: 'readonly' },
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
);
