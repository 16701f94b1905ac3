// One lint gate for src, tooling and tests: typescript-eslint's strict and stylistic type-checked sets, with the
// rules that do not fit this project turned off or relaxed below, each with its reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The TypeScript sources get the type-checked sets; the one .cjs file (pm2's config) is outside the project.
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Event handlers pass async callbacks where discord.js and node accept them; the rest stays checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      // Stripping control characters from hostile input is the point of several regexes.
      'no-control-regex': 'off',
      // noUncheckedIndexedAccess types every bounded index and regex group as possibly undefined; `!` after the
      // bound states it, where `?? ''` would hide a broken bound instead of failing on it.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Counts, milliseconds and scores are printed in messages all the time; objects and nullish stay errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // One-line arrows that forward to a void call (event handlers, `.then(() => log(...))`) read better bare.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The code writes `T[]` for simple types and `Array<...>` around object, union and generic ones.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // An empty string means unset here (env variables, HTML attributes, form fields), so `||` on strings is meant.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // Kept on purpose: modal text inputs in action rows (what the fake Discord and older clients read; Label
      // components change the payload) and fetch's formData() (the fake Discord reading discord.js's uploads).
      '@typescript-eslint/no-deprecated': [
        'error',
        {
          allow: [
            { from: 'package', package: '@discordjs/builders', name: ['setLabel', 'addComponents'] },
            { from: 'package', package: 'undici-types', name: 'formData' },
          ],
        },
      ],
      // Spreading a string into code points is meant: Han text is split per character, never per grapheme.
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
      // An empty arrow is the deliberate no-op: a swallowed rejection, an initial release, a silent logger.
      '@typescript-eslint/no-empty-function': ['error', { allow: ['arrowFunctions'] }],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'tooling/**/*.ts', 'tests/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // APIRole still requires the deprecated `color` field, which Discord still sends beside `colors`, and a
    // role without flags is 0, which RoleFlags has no member for.
    files: ['tooling/harness/fake/guild.ts'],
    rules: { '@typescript-eslint/no-deprecated': 'off', '@typescript-eslint/no-unsafe-enum-assignment': 'off' },
  },
  {
    // Tests read Discord's JSON bodies loosely.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests, the fake Discord and its sample printer read Discord's JSON as `any` on purpose (a wrong guess
    // fails the test); the unsafe-* family would turn each of those reads into a cast.
    files: ['tests/**/*.ts', 'tooling/harness/**/*.ts', 'tooling/teachSamples.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Tests check at runtime what the types promise (decoded and hostile input, fixtures a failed beforeAll left
    // unset for afterAll), and the fake Discord re-reads state that close() flips during an await, which
    // narrowing cannot see.
    files: ['tests/**/*.ts', 'tooling/harness/**/*.ts'],
    rules: { '@typescript-eslint/no-unnecessary-condition': 'off' },
  },
);
