// Flat config. Workflow code runs in Temporal's deterministic sandbox, so it gets fences the
// rest of the codebase does not need; and imports between top-level folders run one way only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules
  .filter((m) => !['assert', 'url', 'util'].includes(m))
  .flatMap((m) => [m, `node:${m}`]);

/** A relative import of any of `folders` (top-level folders of this repository). */
const importOf = (folders, message, extra = {}) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message, ...extra });

// Tools, emulators and tests may use production code; production code never uses them.
const notTools = importOf(['sandbox', 'test', 'scripts', 'bench'], 'Production code never imports sandbox/, test/, scripts/ or bench/.');
// Each process has its own home: the worker, the Temporal client side, the webhook HTTP service.
const processes = {
  workers: importOf(['client', 'webhooks', 'web'], 'workers/ and client/ (or webhooks/) never import each other; shared wiring lives in wiring/ or config/.'),
  client: importOf(['workers', 'webhooks', 'web'], 'client/ never imports workers/ or webhooks/; shared wiring lives in wiring/ or config/.'),
  webhooks: importOf(['workers', 'web'], 'webhooks/ never imports workers/ or web/; shared wiring lives in wiring/ or config/.'),
  web: importOf(['workers', 'webhooks'], 'web/ (the webview) never imports workers/ or webhooks/; shared wiring lives in wiring/ or config/.'),
  activities: importOf(['workers', 'webhooks', 'wiring'], 'Activities get their dependencies from their factory, not from a process.'),
};
// API clients, configuration and shared modules know nothing of Temporal processes or workflows.
const libraries = importOf(['workflows', 'activities', 'workers', 'client', 'webhooks', 'web', 'wiring'], 'Libraries (amocrm/, company1/, config/, temporal/, logging/, metrics/, failures/) never import the layers above them.');

const restrict = (patterns, paths = []) => ['error', { paths, patterns }];

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
  { files: ['workers/**/*.ts'], rules: { 'no-restricted-imports': restrict([notTools, processes.workers]) } },
  { files: ['client/**/*.ts'], rules: { 'no-restricted-imports': restrict([notTools, processes.client]) } },
  { files: ['webhooks/**/*.ts'], rules: { 'no-restricted-imports': restrict([notTools, processes.webhooks]) } },
  { files: ['web/**/*.ts'], rules: { 'no-restricted-imports': restrict([notTools, processes.web]) } },
  { files: ['activities/**/*.ts'], rules: { 'no-restricted-imports': restrict([notTools, processes.activities]) } },
  { files: ['wiring/**/*.ts'], rules: { 'no-restricted-imports': restrict([notTools]) } },
  {
    // Cross-process coordination through Temporal (the amoCRM account's coordinator workflow).
    files: ['coordination/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([notTools, importOf(['workers', 'client', 'webhooks', 'wiring', 'activities'], 'coordination/ is used by processes, it does not use them.')]) },
  },
  {
    files: ['amocrm/**/*.ts', 'company1/**/*.ts', 'config/**/*.ts', 'temporal/**/*.ts', 'logging/**/*.ts', 'metrics/**/*.ts', 'failures/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([notTools, libraries]) },
  },
  {
    files: ['failures/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([{ regex: '.', message: 'failures/ is plain constants with no imports (workflows use it).' }]) },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          notTools,
          importOf(['activities'], 'Import activities as types only.', { allowTypeImports: true }),
          importOf(['amocrm', 'config', 'wiring', 'client', 'workers', 'webhooks', 'logging', 'metrics', 'coordination'], 'Workflow code imports types only from outside workflows/ (failure types: failures/).', { allowTypeImports: true }),
          // company1/order-status.ts is pure data and functions, written for workflow code.
          { regex: '^(\\.\\./)+company1/(?!order-status$)', message: 'Of company1/, workflows import order-status only (and types).', allowTypeImports: true },
          { regex: '^(\\.\\./)+temporal/(?!search-attributes$)', message: 'Of temporal/, workflows import search-attributes only.' },
        ],
        [
          ...nodeBuiltins.map((name) => ({ name, message: 'Workflow code must be deterministic: no Node built-ins.' })),
          // Webpack tree-shaking of the workflow bundle silently breaks z.coerce.* with the named import.
          { name: 'zod', importNames: ['z'], message: "Use `import * as z from 'zod'` in workflows (the named import breaks z.coerce in the bundle)." },
          { name: '@temporalio/client', message: 'Workflows cannot use the client.' },
          { name: '@temporalio/worker', message: 'Workflows cannot use the worker.' },
          { name: '@temporalio/activity', message: 'Workflows cannot use activity APIs.' },
        ],
      ),
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process'],
    },
  },
  {
    // The bundle's modules are loaded once and shared by every workflow of a worker (the SDK's preloadModules:
    // temporal/workflow-bundle.ts). State at module level would leak from one workflow into the next.
    files: ['workflows/**/*.ts', 'failures/**/*.ts', 'company1/order-status.ts', 'temporal/search-attributes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          // A binding that can be reassigned.
          ':matches(Program, ExportNamedDeclaration) > VariableDeclaration[kind=/^(let|var)$/]',
          // A mutable literal kept unexported (exported ones the SDK freezes: mutating them throws).
          'Program > VariableDeclaration > VariableDeclarator[init.type=/^(ArrayExpression|ObjectExpression)$/]',
          // Any object built at load (a Map, a class instance), also behind `as` or `satisfies`.
          ':matches(Program, ExportNamedDeclaration) > VariableDeclaration > VariableDeclarator > NewExpression',
          ':matches(Program, ExportNamedDeclaration) > VariableDeclaration > VariableDeclarator > :matches(TSAsExpression, TSSatisfiesExpression) > NewExpression',
          // State in a class rather than in an instance.
          'ClassBody > :matches(PropertyDefinition[static=true], StaticBlock)',
          // State in a closure made at load (memoize(), an IIFE); the SDK's definitions are stateless.
          ':matches(Program, ExportNamedDeclaration) > VariableDeclaration > VariableDeclarator > CallExpression:not([callee.name=/^(proxyActivities|proxyLocalActivities|proxySinks|defineSignal|defineQuery|defineUpdate|defineSearchAttributeKey)$/])',
        ].map((selector) => ({
          selector,
          message: 'Workflow modules must be shareable by every workflow of a worker (preloadModules): no state at module level (keep it inside the workflow function or its objects).',
        })),
      ],
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
