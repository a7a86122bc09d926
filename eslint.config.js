// ESLint flat config for the whole repository (`npx eslint .`).
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      'node_modules/',
      'extension/dist/',
      '.venv/',
      'bench/out/',
      'instance/',
      'test-results/',
      'build/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Code that runs in the browser: the extension and the pages the benchmarks load.
    files: ['extension/src/**/*.js', 'bench/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    // The web pages' one script (their Copy buttons): a classic script, no modules.
    files: ['server/footnote/web/static/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    // Code that runs under Node: tests, build and benchmark drivers, scripts.
    files: ['extension/test/**/*.js', '**/*.mjs', 'scripts/**/*.js', 'tests/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
];
