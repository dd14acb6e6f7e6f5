/**
 * The Remix template's ESLint setup (React, hooks, a11y, TypeScript, import order checks off),
 * plus Prettier for formatting. Formatting is Prettier's job, correctness is ESLint's.
 * @type {import('eslint').Linter.Config}
 */
module.exports = {
  root: true,
  parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } },
  env: { browser: true, commonjs: true, es2022: true, node: true },
  ignorePatterns: ['!**/.server', '!**/.client', 'build/', 'prisma/generated/', '.tmp/', 'test-results/', 'playwright-report/'],
  extends: ['eslint:recommended'],
  overrides: [
    {
      files: ['**/*.{js,jsx,ts,tsx}'],
      plugins: ['react', 'jsx-a11y'],
      extends: ['plugin:react/recommended', 'plugin:react/jsx-runtime', 'plugin:react-hooks/recommended', 'plugin:jsx-a11y/recommended'],
      settings: {
        react: { version: 'detect' },
        formComponents: ['Form'],
        linkComponents: [
          { name: 'Link', linkAttribute: 'to' },
          { name: 'NavLink', linkAttribute: 'to' },
        ],
      },
      rules: { 'react/prop-types': 'off', 'jsx-a11y/no-autofocus': 'off' },
    },
    {
      files: ['**/*.{ts,tsx}'],
      plugins: ['@typescript-eslint', 'import'],
      parser: '@typescript-eslint/parser',
      settings: {
        'import/internal-regex': '^~/',
        'import/resolver': { node: { extensions: ['.ts', '.tsx'] }, typescript: { alwaysTryTypes: true } },
      },
      extends: ['plugin:@typescript-eslint/recommended'],
      rules: {
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/no-empty-object-type': 'off',
      },
    },
    { files: ['.eslintrc.cjs', 'postcss.config.cjs'], env: { node: true } },
  ],
}
