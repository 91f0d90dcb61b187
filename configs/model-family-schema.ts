import { z } from 'zod';
import { MODEL_FAMILIES } from '../lib/models/model-family';

const FAMILY_LIST = MODEL_FAMILIES.map((f) => `"${f}"`).join(', ');

/** One family name; anything else is refused with the list of families. */
export const ModelFamilySchema = z.enum(MODEL_FAMILIES, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a model family; use one of ${FAMILY_LIST}`,
});

/**
 * `model.family`: one family, or a list of them searched in one sweep (each with its
 * sub-space under `search.families`). Absent: configs/family-spaces.ts decides.
 */
export const ModelFamilyFieldSchema = z.union(
  [
    ModelFamilySchema,
    z
      .array(ModelFamilySchema)
      .min(1, 'model.family lists no family; name at least one')
      .refine((list) => new Set(list).size === list.length, 'model.family lists a family twice; keep each once'),
  ],
  {
    error: (iss) =>
      `model.family ${JSON.stringify(iss.input)} is not a model family or a list of them; use one of ${FAMILY_LIST}`,
  },
);
