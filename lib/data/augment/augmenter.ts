import type { Rng } from '../../core/rng';

/**
 * A text augmenter: a pure function of (text, rng). Same text and same rng
 * state -> same output; it never changes the label. Stateless, so one
 * instance serves any number of rows.
 */
export interface Augmenter {
  /** Matches the `kind` of the config op that built it, e.g. 'random-swap'. */
  kind: string;
  apply(text: string, rng: Rng): string;
}
