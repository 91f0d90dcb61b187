import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The scikit-learn every bench and fixture script compares against. */
export const SKLEARN_VERSION = '1.6.1';

/** The benches' scikit-learn venv (created on first use; CI never needs it). */
export const SKLEARN_VENV = join('out', '.venv-sklearn');
export const SKLEARN_PY = join(SKLEARN_VENV, 'bin', 'python');

/** Creates out/.venv-sklearn with scikit-learn at the pinned version, once (a marker file records it). */
export function ensureSklearn(): string {
  const marker = join(SKLEARN_VENV, `.sklearn-${SKLEARN_VERSION}`);
  if (existsSync(marker)) return SKLEARN_PY;
  console.log(`creating ${SKLEARN_VENV} with scikit-learn==${SKLEARN_VERSION} (once; cached afterwards)`);
  if (!existsSync(SKLEARN_PY)) execFileSync('python3', ['-m', 'venv', SKLEARN_VENV], { stdio: 'inherit' });
  execFileSync(join(SKLEARN_VENV, 'bin', 'pip'), ['install', '--quiet', `scikit-learn==${SKLEARN_VERSION}`], {
    stdio: 'inherit',
  });
  writeFileSync(marker, '');
  return SKLEARN_PY;
}
