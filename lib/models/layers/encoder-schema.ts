import { z } from 'zod';

/**
 * Encoder choices of the text-classifier family. Kept apart from the tfjs
 * layer code so config schemas (which also run inside the workflow sandbox)
 * never pull in TensorFlow.js.
 */
export const EncoderSchema = z.enum(['average', 'cnn', 'bigru', 'transformer']);
export type Encoder = z.infer<typeof EncoderSchema>;

/**
 * Encoder sizes; each applies only to its encoder (cnn*, gru*, transformer*).
 * The single source of these bounds and defaults: the model family
 * (`EncoderOptionsSchema` in text-encoders.ts) and the experiment config
 * (`model.encoderOptions`) both build on it.
 */
export const EncoderSizesSchema = z.object({
  cnnFilters: z.number().int().min(1).max(1024).default(64),
  cnnKernelSize: z.number().int().min(1).max(15).default(3),
  gruUnits: z.number().int().min(1).max(1024).default(32),
  transformerLayers: z.number().int().min(1).max(4).default(1),
  transformerHeads: z.number().int().min(1).max(16).default(2),
  transformerFfDim: z.number().int().min(1).max(4096).default(64),
});
export type EncoderSizes = z.infer<typeof EncoderSizesSchema>;
