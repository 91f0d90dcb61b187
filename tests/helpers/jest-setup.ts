/**
 * Runs before every test file (jest.config.js setupFiles). tfjs prints an
 * "install our node backend" banner whenever a pure-JS backend starts in
 * Node. PROD silences tfjs's own warnings (tfjs-core log.warn) so the banner
 * is not repeated in every suite's output. Not IS_TEST: that flag also turns
 * on tfjs's per-kernel memory-leak check, which its own softmaxCrossEntropy
 * gradient trips.
 */
import { env } from '@tensorflow/tfjs-core';

env().set('PROD', true);
