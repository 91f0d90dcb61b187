import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where scripts/install-base-models.sh (run by npm test) unpacks all-MiniLM-L6-v2. */
export const MINILM_FOLDER = join(
  process.env.FF_CACHE_DIR ?? join(homedir(), '.cache', 'finetune-flow'),
  'base-models',
  'all-minilm-l6-v2',
);
