import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { functions } from '../functions.config.ts';

/** The repository root, wherever the project was cloned. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Installed tools live in one git-ignored folder, so a fresh clone installs and `rm -rf .tools` resets. */
export const toolsDir = path.join(repoRoot, '.tools');

export const toolPaths = {
  /** The pinned Node 24 binary that runs the Node function locally. */
  node24: path.join(toolsDir, 'node24', 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node'),
  versitygw: path.join(toolsDir, 'bin', 'versitygw'),
  k6: path.join(toolsDir, 'bin', 'k6'),
  /** Debian's Chromium, which the HTML report's tests open it in (a system package: it lives outside `.tools/`). */
  chromium: '/usr/bin/chromium',
  /** DynamoDB Local's jars and its sqlite4java native library, side by side. */
  dynamodbLocalLib: path.join(toolsDir, 'dynamodb-local', 'lib'),
  /** The venv with awslambdaric, pytest and ruff, from the machine's python3. */
  pythonVenv: path.join(toolsDir, 'python'),
  python: path.join(toolsDir, 'python', 'bin', 'python3'),
  pytest: path.join(toolsDir, 'python', 'bin', 'pytest'),
  ruff: path.join(toolsDir, 'python', 'bin', 'ruff'),
} as const;

export const buildPaths = {
  dist: path.join(repoRoot, 'dist'),
  /** The Node function's deployable folder: one minified ESM file, `index.mjs`. */
  nodeFunction: path.join(repoRoot, functions.node.code.bundleDir),
  rustCrate: path.join(repoRoot, functions.rust.code.crateDir),
} as const;
