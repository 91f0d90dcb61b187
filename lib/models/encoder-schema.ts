import { z } from 'zod';

/**
 * Encoder choices of the text-classifier family. Kept apart from the tfjs
 * layer code so config schemas (which also run inside the workflow sandbox)
 * never pull in TensorFlow.js.
 */
export const EncoderSchema = z.enum(['average', 'cnn', 'bigru', 'transformer']);
export type Encoder = z.infer<typeof EncoderSchema>;
