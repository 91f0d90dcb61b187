/**
 * Records the histories of a finished run as replay fixtures
 * (tests/fixtures/histories/{pipeline,hpo-sweep,train-trial}-v<N>.json), the
 * input of scripts/replay-histories.ts and its test.
 *
 *   FF_KEEP_STACK=1 npm run demo && source .stack/env
 *   npx tsx scripts/record-histories.ts <runId> [version=1] [label] [trialId=trial-0000]
 *
 * With a label the files are {pipeline,hpo-sweep,train-trial}-<label>-v<N>.json, e.g.
 * `recovered` for a run restarted by `cli recover` (its recovery input, the sweep's
 * relaunch of a running trial, and that trial resuming from its checkpoint).
 *
 * Overwrite a version only while no execution of the old code can exist
 * (nothing deployed); otherwise add a new version and keep the old files.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

async function main(): Promise<void> {
  const [runId, version = '1', label = '', trialId = 'trial-0000'] = process.argv.slice(2);
  if (!runId) throw new Error('usage: npx tsx scripts/record-histories.ts <runId> [version] [label] [trialId]');
  const name = (base: string) => (label ? `${base}-${label}` : base);
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  const dir = path.resolve(__dirname, '../tests/fixtures/histories');
  const targets = {
    [name('pipeline')]: runId,
    [name('hpo-sweep')]: `${runId}-sweep`,
    [name('train-trial')]: `${runId}-sweep-${trialId}`,
  };
  for (const [name, workflowId] of Object.entries(targets)) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const file = path.join(dir, `${name}-v${version}.json`);
    writeFileSync(file, `${JSON.stringify({ workflowId, history: JSON.parse(historyToJSON(history)) }, null, 1)}\n`);
    console.log(`wrote ${file} (${history.events?.length ?? 0} events)`);
  }
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
