import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** An import whose path goes through one of `dirs` (relative imports, from any depth). */
const through = (dirs, message) => ({ regex: `(^|/)(${dirs.join('|')})/`, message });
const file = (names, message) => ({ regex: `(^|/)(${names.join('|')})\\.js$`, message });

/** Things the pure layers never reach: they compute; apply, commands and transport act. */
const ACTING = [
  through(['apply', 'commands'], 'Pure layers import nothing from src/apply or src/commands.'),
  {
    regex: '(^|/)transport/(?!types\\.js$)',
    message: 'Pure layers import nothing from the transport internals (types only).',
  },
  file(['connect-hosts', 'run-lock', 'cli'], 'Pure layers do not connect, lock or parse argv.'),
];

const ONLY_TRANSPORT_SSH2 = {
  name: 'ssh2',
  message: 'Only src/transport talks SSH: use the Transport interface.',
};

/** One boundary per layer: `files` may not import `patterns`. */
const boundary = (files, patterns) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { paths: [ONLY_TRANSPORT_SSH2], patterns }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.lab/**', 'fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli.ts may call process.exit.' },
      ],
      'no-restricted-imports': ['error', { paths: [ONLY_TRANSPORT_SSH2] }],
    },
  },
  { files: ['src/cli.ts', 'bench/**', 'lab/**'], rules: { 'no-restricted-properties': 'off' } },
  // The transport (and its tests, which run a real SSH server) are the only ssh2 users.
  {
    files: ['src/transport/**', 'test/unit/transport/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // The change vocabulary is neutral: every layer imports it, it imports nothing of haka's.
  boundary(
    ['src/change/**'],
    [{ regex: '^\\.\\./', message: 'src/change is neutral: it imports nothing of haka.' }],
  ),
  boundary(['src/plan/**', 'src/inventory/**'], ACTING),
  // Tasks are below the planner: they produce changes (src/change), the planner assembles them.
  boundary(
    ['tasks/**'],
    [
      ...ACTING,
      through(
        ['plan', 'render'],
        'tasks/ sits below src/plan and src/render: use src/change for the change vocabulary.',
      ),
    ],
  ),
  // Render shows changes; what to hide is said by the change itself, not by paths of tasks/.
  boundary(
    ['src/render/**'],
    [
      ...ACTING,
      { regex: '(^|/)tasks/', message: 'src/render shows changes: it does not import tasks/.' },
    ],
  ),
);
