import { z } from 'zod';
import { ConfigError } from '../../core/errors';

/** Architectures the loader builds (config.json `model_type`). */
export const SUPPORTED_MODEL_TYPES = ['bert'] as const;

/** The fields of a Hugging Face BERT config.json the encoder uses (others are ignored). */
export const BertConfigSchema = z.object({
  model_type: z.string(),
  vocab_size: z.number().int().positive(),
  hidden_size: z.number().int().positive(),
  num_hidden_layers: z.number().int().positive(),
  num_attention_heads: z.number().int().positive(),
  intermediate_size: z.number().int().positive(),
  max_position_embeddings: z.number().int().positive(),
  type_vocab_size: z.number().int().positive().default(2),
  layer_norm_eps: z.number().positive().default(1e-12),
  hidden_act: z.string().default('gelu'),
  position_embedding_type: z.string().default('absolute'),
});
export type BertConfig = z.infer<typeof BertConfigSchema>;

/**
 * Parses and checks config.json of a base model.
 * @throws ConfigError naming the file and field for another architecture, a
 *   missing field, an activation other than gelu, or relative positions.
 */
export function parseBertConfig(json: unknown, file: string): BertConfig {
  const type = (json as { model_type?: unknown })?.model_type;
  if (!SUPPORTED_MODEL_TYPES.includes(type as 'bert')) {
    throw new ConfigError(
      `${file}: model_type ${JSON.stringify(type)} is not supported; supported: ${SUPPORTED_MODEL_TYPES.join(', ')} (BERT-architecture checkpoints)`,
    );
  }
  const parsed = BertConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = parsed.data;
  if (c.hidden_act !== 'gelu')
    throw new ConfigError(`${file}: hidden_act ${c.hidden_act} is not supported (gelu only)`);
  if (c.position_embedding_type !== 'absolute')
    throw new ConfigError(
      `${file}: position_embedding_type ${c.position_embedding_type} is not supported (absolute only)`,
    );
  if (c.hidden_size % c.num_attention_heads !== 0)
    throw new ConfigError(
      `${file}: hidden_size ${c.hidden_size} is not divisible by num_attention_heads ${c.num_attention_heads}`,
    );
  return c;
}

/** Names and shapes of the tensors a BERT encoder of `c` needs, as Hugging Face names them. */
export function bertTensorShapes(c: BertConfig): Map<string, number[]> {
  const h = c.hidden_size;
  const shapes = new Map<string, number[]>([
    ['embeddings.word_embeddings.weight', [c.vocab_size, h]],
    ['embeddings.position_embeddings.weight', [c.max_position_embeddings, h]],
    ['embeddings.token_type_embeddings.weight', [c.type_vocab_size, h]],
    ['embeddings.LayerNorm.weight', [h]],
    ['embeddings.LayerNorm.bias', [h]],
  ]);
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const role of ['query', 'key', 'value']) {
      shapes.set(`${p}attention.self.${role}.weight`, [h, h]);
      shapes.set(`${p}attention.self.${role}.bias`, [h]);
    }
    shapes.set(`${p}attention.output.dense.weight`, [h, h]);
    shapes.set(`${p}attention.output.dense.bias`, [h]);
    shapes.set(`${p}attention.output.LayerNorm.weight`, [h]);
    shapes.set(`${p}attention.output.LayerNorm.bias`, [h]);
    shapes.set(`${p}intermediate.dense.weight`, [c.intermediate_size, h]);
    shapes.set(`${p}intermediate.dense.bias`, [c.intermediate_size]);
    shapes.set(`${p}output.dense.weight`, [h, c.intermediate_size]);
    shapes.set(`${p}output.dense.bias`, [h]);
    shapes.set(`${p}output.LayerNorm.weight`, [h]);
    shapes.set(`${p}output.LayerNorm.bias`, [h]);
  }
  return shapes;
}

/**
 * Checks that a checkpoint holds every tensor a BERT encoder of `c` needs, with
 * the shape config.json implies; `shapeOf` reads a tensor's shape (undefined: absent).
 * @throws ConfigError naming the file and the first tensor missing or misshapen.
 */
export function assertBertTensorShapes(
  c: BertConfig,
  shapeOf: (name: string) => readonly number[] | undefined,
  file: string,
): void {
  for (const [name, shape] of bertTensorShapes(c)) {
    const got = shapeOf(name);
    if (!got) throw new ConfigError(`${file}: tensor ${name} is missing; the checkpoint does not match config.json`);
    if (JSON.stringify(got) !== JSON.stringify(shape)) {
      throw new ConfigError(
        `${file}: tensor ${name} has shape ${JSON.stringify(got)} but config.json implies ${JSON.stringify(shape)}; the checkpoint and config.json disagree`,
      );
    }
  }
}
