import type { Example } from '../../lib/core/example';
import { createRng } from '../../lib/core/rng';

const CUES: Record<string, string[]> = {
  pos: ['great', 'love', 'excellent', 'wonderful', 'happy'],
  neg: ['awful', 'hate', 'terrible', 'broken', 'sad'],
  neu: ['table', 'monday', 'paper', 'window', 'blue'],
};
const FILLER = ['the', 'a', 'it', 'was', 'and', 'this', 'product', 'very', 'i', 'really', 'movie', 'food', 'service'];

/** Separable synthetic examples: each text has 1-2 label-indicative words among filler. */
export function syntheticExamples(n: number, seed: number, labels: string[] = ['pos', 'neg']): Example[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const label = labels[i % labels.length];
    const words = Array.from({ length: 5 + rng.int(6) }, () => FILLER[rng.int(FILLER.length)]);
    const cues = CUES[label];
    for (let k = 0; k < 1 + rng.int(2); k++) words.splice(rng.int(words.length + 1), 0, cues[rng.int(cues.length)]);
    return { id: `${seed}-${i}`, text: words.join(' '), label };
  });
}
