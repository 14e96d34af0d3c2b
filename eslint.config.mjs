// Flat config. Workflow code runs in Temporal's deterministic sandbox, so it gets
// fences the rest of the codebase does not need (see ../shared/docs/style.md §1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules
  .filter((m) => !['assert', 'url', 'util'].includes(m))
  .flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', 'eslint.config.mjs', 'scripts/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'object-shorthand': ['error', 'always'],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins.' })),
            { name: 'zod', importNames: ['z'], message: "Use `import * as z from 'zod'` in workflows (see temporal-notes.md)." },
            { name: '@temporalio/client', message: 'Workflows cannot use the client.' },
            { name: '@temporalio/worker', message: 'Workflows cannot use the worker.' },
            { name: '@temporalio/activity', message: 'Workflows cannot use activity APIs.' },
          ],
          patterns: [{ group: ['../activities/*', '../../activities/*'], message: 'Import activities as types only.', allowTypeImports: true }],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process'],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'sandbox/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // node:test's describe/it return promises the runner itself tracks.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
    },
  },
);
