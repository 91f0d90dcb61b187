import { z } from 'zod';

/**
 * What registerModel does when the run id already has a registry entry with
 * different content: 'refuse' (the default) or write a 'newVersion' beside it.
 * Own file (zod only) because configs/, and so workflow code, import it.
 */
export const OnExistingSchema = z.enum(['refuse', 'newVersion']);
export type OnExisting = z.infer<typeof OnExistingSchema>;
