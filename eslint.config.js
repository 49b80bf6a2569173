// Lint: regular expressions that run on untrusted input must not backtrack super-linearly.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**'] },
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'off',
    },
  },
  {
    // These read article text: a pattern retried from every start of a long run ("[ \t]+\n"
    // on 300 KB of spaces) costs quadratic time even when it cannot backtrack.
    files: ['src/ingest/**/*.ts', 'src/article/**/*.ts', 'src/story/**/*.ts'],
    rules: { 'regexp/no-super-linear-move': 'error' },
  },
);
