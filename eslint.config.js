// Lint: regular expressions that run on untrusted input must not backtrack super-linearly, and
// functions stay small enough to read (complexity and non-null assertions warn while rewrites are pending).
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**'] },
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { regexp, '@typescript-eslint': tseslint.plugin },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'off',
      complexity: ['warn', 25],
      '@typescript-eslint/no-non-null-assertion': 'warn',
    },
  },
  {
    // These read article text: a pattern retried from every start of a long run ("[ \t]+\n"
    // on 300 KB of spaces) costs quadratic time even when it cannot backtrack.
    files: ['src/ingest/**/*.ts', 'src/article/**/*.ts', 'src/story/**/*.ts'],
    rules: { 'regexp/no-super-linear-move': 'error' },
  },
);
