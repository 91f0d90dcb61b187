/**
 * Replays recorded workflow histories against the current workflow code and
 * exits non-zero if any diverges: run it before deploying a workflow change.
 *
 *   npx tsx scripts/replay-histories.ts [dir-or-file ...]   (default tests/fixtures/histories)
 *
 * A fixture is `{"workflowId": "<id>", "history": <temporal workflow show -w <id> --output json>}`
 * (the id matters: child workflow ids derive from it).
 * (Runs as its own process: under jest, protobufjs's `instanceof` checks fail
 * across module registries, so the test spawns this script.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

interface HistoryFixture {
  workflowId: string;
  history: unknown;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const args = process.argv.slice(2);
  const targets = args.length ? args : [path.resolve(__dirname, '../tests/fixtures/histories')];
  const files = targets.flatMap((t) =>
    statSync(t).isDirectory()
      ? readdirSync(t)
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(t, f))
      : [t],
  );
  let failed = 0;
  for (const file of files) {
    try {
      const fixture = JSON.parse(readFileSync(file, 'utf8')) as HistoryFixture;
      await Worker.runReplayHistory(
        { workflowsPath: require.resolve('../workflows') },
        fixture.history,
        fixture.workflowId,
      );
      console.log(`replay ok: ${path.basename(file)}`);
    } catch (err) {
      failed++;
      console.log(`replay FAILED: ${path.basename(file)}: ${(err as Error).message}`);
    }
  }
  console.log(`${files.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

void main();
