// Lint rules that keep the layers honest (docs/architecture.md, "Import rules"):
//  - lib/ is pure: no Temporal, no process.env, nothing from the layers above it
//    (configs/ included: configs/ composes lib's schemas, never the reverse).
//  - workflows/ are deterministic: no Node built-ins, no I/O libraries, only
//    type imports from activities/.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'stream',
  'url',
  'worker_threads',
  'dns',
  'zlib',
];
const builtinPatterns = nodeBuiltins.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]);

export default tseslint.config(
  { ignores: ['node_modules/**', '.stack/**', 'out/**', 'dist/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@temporalio/*'],
              message: 'lib/ is pure: Temporal belongs in activities/, workflows/ and workers/.',
            },
            {
              group: ['**/activities/**', '**/workflows/**', '**/workers/**', '**/cli/**'],
              message: 'lib/ must not import the layers above it.',
            },
            {
              group: ['**/configs/**', '**/configs'],
              message:
                'lib/ owns its schemas; configs/ composes them into the experiment config, so lib/ never imports configs/.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'lib/ takes settings as arguments; read the environment in workers/ or cli/.',
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinPatterns
              .filter((p) => !p.includes('*'))
              .map((name) => ({ name, message: 'Workflows are sandboxed and deterministic: no Node built-ins.' })),
            { name: '@aws-sdk/client-s3', message: 'Workflows do no I/O: call an activity.' },
            { name: '@tensorflow/tfjs', message: 'Workflows do no heavy work: call an activity.' },
          ],
          patterns: [
            {
              group: ['@temporalio/activity', '@temporalio/worker', '@temporalio/client'],
              message: 'Workflows use @temporalio/workflow only.',
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Workflows may only import types from activities/ (the implementations pull in I/O).
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Import only types from activities/ in workflows.',
            },
          ],
        },
      ],
    },
  },
);
