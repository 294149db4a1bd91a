// ESLint for the pages and the JavaScript tests (make lint).
'use strict';
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  { ignores: ['**/node_modules/**', 'tests/browser/artifacts/**'] },
  js.configs.recommended,
  {
    files: ['web/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: { ...globals.browser, ZT: 'writable' },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-implicit-globals': 'error',
    },
  },
  {
    // the one definition of ZT; every other page script uses it
    files: ['web/common.js'],
    languageOptions: { globals: { ZT: 'off' } },
  },
  {
    // embed.js runs on campaigns' own pages, in whatever browser their visitors have: ES5
    files: ['web/embed.js'],
    languageOptions: { ecmaVersion: 5 },
    rules: { 'no-var': 'off', 'prefer-const': 'off' },
  },
  {
    files: ['tests/**/*.js', 'tools/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    // code that runs inside the page (page.evaluate) sees the browser's globals
    files: ['tests/browser/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
