/**
 * Runs before every test file (jest.config.js setupFiles). tfjs prints an
 * "install our node backend" banner whenever a pure-JS backend starts in
 * Node; IS_TEST silences tfjs's own warnings, which tests assert on where
 * they matter, instead of repeating the banner in every suite's output.
 */
import { env } from '@tensorflow/tfjs-core';

env().set('IS_TEST', true);
