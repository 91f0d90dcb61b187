import type { ArtifactStore } from '../../lib/artifacts/artifact-store';
import { loadRegisteredModel } from '../../lib/registry/load-registered-model';

/** Loads the registered model `name` and checks it labels a clearly positive and a clearly negative sentence. */
export async function expectRegisteredSentiment(store: ArtifactStore, name: string): Promise<void> {
  const registered = await loadRegisteredModel(store, name);
  try {
    const [pos, neg] = await registered.predict([
      'this is great, i love it, excellent',
      'terrible, awful, it broke, waste of money',
    ]);
    expect(pos.label).toBe('positive');
    expect(neg.label).toBe('negative');
  } finally {
    registered.close();
  }
}
