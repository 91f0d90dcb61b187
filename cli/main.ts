#!/usr/bin/env node
import '../workers/quiet-process-env'; // first: silences notices printed at load time
import { Command } from 'commander';
import { modelsImportCommand, modelsListCommand, modelsShowCommand } from './models';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client } from '@temporalio/client';
import { CONTROL_TASK_QUEUE } from '../configs/task-queues';
import { ConfigError, DomainError } from '../lib/core/errors';
import { printable, printableJson } from '../lib/core/printable';
import { summarizeFailure } from '../lib/core/failure-chain';
import { attemptsFor } from '../workflows/retry-policies';
import type { FineTunePipelineResult } from '../workflows/fine-tune-pipeline';
import { cliEnv, connectClient, workflowUiLink } from './client';
import { WatchGaveUpError } from './reconnect';
import { formatResult } from './format-result';
import { loadConfigFile } from './load-config-file';
import { startConflictError } from './start-conflict';
import { assertValidRunId } from '../lib/core/run-id';
import { reporterFor, watchRun } from './watch-run';
import { formatSweepProgress, resolveSweepId, sendSweepCommand, sweepProgress } from './sweep-commands';
import type { SweepCommand } from '../workflows/sweep-control';
import { formatWrittenReport, writeReportFiles } from './write-report';
import { loadWorkerEnv } from '../workers/worker-env';
import { s3StoreFromEnv } from '../workers/s3-store-from-env';
import { predictCommand } from './predict';
import { dataUploadCommand } from './data-upload';
import { warmStartFromTrials } from '../lib/search/samplers/warm-start';
import { startPipeline } from './start-pipeline';
import { recoverCommand } from './recover';

/** Exit codes: 0 ok, 1 the run failed, 2 bad input (config/arguments), 3 cannot reach Temporal. */
const EXIT = { ok: 0, runFailed: 1, badInput: 2, unreachable: 3 } as const;

/** Why Temporal refused the start: the id is running or finished (see start-conflict.ts). */
async function conflictFor(client: Client, workflowId: string): Promise<Error> {
  const existing = await client.workflow
    .getHandle(workflowId)
    .describe()
    .then(
      (d) => ({ status: d.status.name, type: d.type }),
      () => undefined,
    );
  return startConflictError(workflowId, existing, workflowUiLink(workflowId));
}

function timestampId(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-').toLowerCase();
}

/** Default of `--reconnect-for`: how long watch rides out an unreachable Temporal server. */
const DEFAULT_RECONNECT_SECONDS = 300;

async function waitAndPrint(
  workflowId: string,
  json: boolean,
  watch: boolean,
  reconnectSeconds?: number,
): Promise<void> {
  const { client, connection } = await connectClient();
  const connections = [connection];
  const reconnectOptions = {
    address: cliEnv().address,
    limitMs: (reconnectSeconds ?? DEFAULT_RECONNECT_SECONDS) * 1000,
    notice: (line: string) => console.error(printable(line)),
    connect: async () => {
      const fresh = await connectClient();
      connections.push(fresh.connection);
      return fresh.client;
    },
  };
  try {
    const result: FineTunePipelineResult = watch
      ? await watchRun(client, workflowId, reporterFor(json), undefined, reconnectOptions)
      : await client.workflow.getHandle(workflowId).result();
    console.log(json ? printableJson(result, 2) : formatResult(result));
  } finally {
    await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
  }
}

/** `--reconnect-for <seconds>` of watch and start --wait. */
const reconnectOption = [
  '--reconnect-for <seconds>',
  `when the connection to Temporal is lost, keep reconnecting this long before giving up (default ${DEFAULT_RECONNECT_SECONDS})`,
] as const;

/** Parses a positive integer option, or fails with the option's name. */
function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive integer (got "${value}")`);
    return n;
  };
}

interface StartOptions {
  id?: string;
  trainingQueue?: string;
  wait?: boolean;
  json?: boolean;
  reconnectFor?: number;
}

const program = new Command('finetune-flow')
  .description('Fine-tuning runs as durable Temporal workflows')
  .showHelpAfterError();

program
  .command('start')
  .description('validate a config and start a fineTunePipeline run')
  .argument('<config>', 'experiment config file (YAML or JSON)')
  .option('--id <workflowId>', 'workflow id (= run id); default <name>-<timestamp>')
  .option('--training-queue <queue>', 'route training to this task queue')
  .option('--wait', 'follow progress and print the result')
  .option(...reconnectOption, positiveInt('--reconnect-for'))
  .option('--json', 'machine-readable output')
  .action(async (configPath: string, opts: StartOptions) => {
    const config = loadConfigFile(configPath);
    const workflowId = assertValidRunId(opts.id ?? `${config.name}-${timestampId()}`, '--id');
    const { client, connection } = await connectClient();
    try {
      await startPipeline(client, {
        taskQueue: CONTROL_TASK_QUEUE,
        workflowId,
        // A run id names lineage records (registry entry): a finished run's id is reused only when the
        // config asks for a new registry version (registry.onExisting: newVersion).
        workflowIdReusePolicy: config.registry?.onExisting === 'newVersion' ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE',
        config,
        input: { schemaVersion: 1, config, trainingTaskQueue: opts.trainingQueue },
      });
    } catch (err) {
      throw err instanceof WorkflowExecutionAlreadyStartedError ? await conflictFor(client, workflowId) : err;
    } finally {
      await connection.close();
    }
    if (opts.json) console.log(printableJson({ workflowId, ui: workflowUiLink(workflowId) }));
    else console.log(`Started ${printable(workflowId)}\nWeb UI: ${printable(workflowUiLink(workflowId))}`);
    if (opts.wait) await waitAndPrint(workflowId, !!opts.json, true, opts.reconnectFor);
  });

program
  .command('recover')
  .description(
    'restart a failed, terminated, cancelled or timed-out run under its id, reusing every finished step (curation, trials, evaluation) from S3; only what is missing is computed. Not `resume`, which resumes launching trials of a paused sweep',
  )
  .argument('<runId>', 'the fineTunePipeline run (workflow id) to recover')
  .option('--wait', 'follow progress and print the result')
  .option('--json', 'machine-readable output')
  .addHelpText(
    'after',
    [
      '',
      'Reused: curation, augmentation, pretraining, folds, finished trials (never',
      'trained again) or a finished sweep, evaluation and the registry entry. Trials',
      'that were running resume from their last S3 checkpoint; the rest of the trial',
      'budget is sampled. Needs the control worker: it replays the failed execution',
      'to read what it finished. Refused (exit 2): an unknown id, not a',
      'fineTunePipeline, still running (use watch), completed (use result), reused',
      'artifacts missing in S3.',
      '',
      'retry vs resume vs recover: retries happen by themselves inside a run;',
      '`resume <id>` lets a paused sweep launch trials again; `recover <id>` starts',
      'a run that ended without completing again.',
    ].join('\n'),
  )
  .action((id: string, opts: { wait?: boolean; json?: boolean }) => recoverCommand(id, opts, waitAndPrint));

program
  .command('watch')
  .description('follow a run until it ends, then print its result')
  .argument('<workflowId>')
  .option('--json', 'print the result as JSON')
  .option(...reconnectOption, positiveInt('--reconnect-for'))
  .action((id: string, opts: { json?: boolean; reconnectFor?: number }) =>
    waitAndPrint(id, !!opts.json, true, opts.reconnectFor),
  );

program
  .command('result')
  .description("wait for a run's result and print it")
  .argument('<workflowId>')
  .option('--json', 'print the result as JSON')
  .action((id: string, opts: { json?: boolean }) => waitAndPrint(id, !!opts.json, false));

program
  .command('report')
  .description("write a finished run's HTML report and summary.json to local files, and print what was written")
  .argument('<workflowId>')
  .option(
    '--out <path>',
    'a directory (gets report.html and summary.json) or a .html file (summary.json beside it); default out/<workflowId>/',
    '',
  )
  .option('--json', 'print the written files as JSON')
  .action(async (id: string, opts: { out: string; json?: boolean }) => {
    const { client, connection } = await connectClient();
    try {
      const result: FineTunePipelineResult = await client.workflow.getHandle(id).result();
      const written = await writeReportFiles(s3StoreFromEnv(loadWorkerEnv()), result, opts.out || `out/${id}`);
      const registry = result.registry?.entry.uri;
      if (opts.json)
        console.log(
          printableJson({
            report: written.report.path,
            summary: written.summary.path,
            files: [written.report, written.summary],
            registry: registry ?? null,
          }),
        );
      else console.log(formatWrittenReport(written, registry));
    } finally {
      await connection.close();
    }
  });

program
  .command('predict')
  .description("predict labels with a registered model: an experiment's latest entry, or an entry's s3:// URI")
  .argument('<model>', 'experiment name (uses registry/<experiment>/latest.json) or registry entry URI')
  .argument('[texts...]', 'texts to classify')
  .option('--file <path>', 'read texts from a file, one per line')
  .option('--json', 'machine-readable output')
  .action((model: string, texts: string[], opts: { file?: string; json?: boolean }) =>
    predictCommand(model, texts, opts),
  );

const data = program.command('data').description('datasets in the store the workers read');
data
  .command('upload')
  .description(
    "check a dataset file with the run's own reader, put it at datasets/<name> in the store, and print its s3:// URI for the config",
  )
  .argument('<file>', 'a .jsonl or .csv dataset file')
  .option('--name <name>', 'object name under datasets/ (default: the file name)')
  .option('--text-field <field>', 'JSON key / CSV column of the text (default text)')
  .option('--label-field <field>', 'JSON key / CSV column of the label (default label)')
  .option('--json', 'machine-readable output')
  .action((file: string, opts: { name?: string; textField?: string; labelField?: string; json?: boolean }) =>
    dataUploadCommand(file, opts),
  );

const models = program.command('models').description('pretrained base models (Hugging Face folders) in the store');
models
  .command('import')
  .description(
    'check a Hugging Face model folder (config.json, model.safetensors, tokenizer.json) and register it by name',
  )
  .argument('<folder>', 'the model folder')
  .option('--name <name>', 'registry name (default: the folder name, lowercased)')
  .option('--json', 'machine-readable output')
  .action((folder: string, opts: { name?: string; json?: boolean }) => modelsImportCommand(folder, opts));
models
  .command('list')
  .description('the registered base models')
  .option('--json', 'machine-readable output')
  .action((opts: { json?: boolean }) => modelsListCommand(opts));
models
  .command('show')
  .description("one base model's manifest: architecture, parameters, tokenizer, pooling, files and hashes")
  .argument('<name>', 'registry name')
  .option('--json', 'machine-readable output')
  .action((name: string, opts: { json?: boolean }) => modelsShowCommand(name, opts));

async function control(id: string, command: SweepCommand, json: boolean): Promise<void> {
  const { client, connection } = await connectClient();
  try {
    const progress = await sendSweepCommand(client, id, command);
    console.log(json ? printableJson(progress, 2) : formatSweepProgress(await resolveSweepId(client, id), progress));
  } finally {
    await connection.close();
  }
}

program
  .command('describe')
  .description("a sweep's state, budget, best trial, leaderboard and audit list (pipeline or sweep id)")
  .argument('<workflowId>')
  .option('--json', 'machine-readable output')
  .action(async (id: string, opts: { json?: boolean }) => {
    const { client, connection } = await connectClient();
    try {
      const sweepId = await resolveSweepId(client, id);
      const progress = await sweepProgress(client, sweepId);
      console.log(opts.json ? printableJson(progress, 2) : formatSweepProgress(sweepId, progress, 10));
    } finally {
      await connection.close();
    }
  });

program
  .command('warm-start')
  .description(
    "a search.warmStart section from a sweep's completed trials (best first), to start a new sweep from them",
  )
  .argument('<workflowId>', 'pipeline or sweep id, running or finished')
  .option('--top <n>', 'only the n best trials', positiveInt('--top'))
  .action(async (id: string, opts: { top?: number }) => {
    const { client, connection } = await connectClient();
    try {
      const sweepId = await resolveSweepId(client, id);
      const progress = await sweepProgress(client, sweepId);
      console.log(printableJson(warmStartFromTrials(sweepId, progress.trials, opts.top), 2));
    } finally {
      await connection.close();
    }
  });

for (const action of ['pause', 'resume'] as const) {
  program
    .command(action)
    .description(
      action === 'pause' ? 'start no new trials until resumed (running trials continue)' : 'resume launching trials',
    )
    .argument('<workflowId>')
    .option('--json', 'machine-readable output')
    .action((id: string, opts: { json?: boolean }) => control(id, { action }, !!opts.json));
}

program
  .command('stop')
  .description('stop gracefully: no new trials; running trials finish and the run goes on to evaluation')
  .argument('<workflowId>')
  .option('--reason <text>', 'recorded in the audit list')
  .option('--json', 'machine-readable output')
  .action((id: string, opts: { reason?: string; json?: boolean }) =>
    control(id, { action: 'stop', reason: opts.reason }, !!opts.json),
  );

program
  .command('extend')
  .description("change a running sweep's budget")
  .argument('<workflowId>')
  .option('--max-trials <n>', 'new total trial budget', positiveInt('--max-trials'))
  .option('--parallelism <n>', 'trials at once', positiveInt('--parallelism'))
  .option('--max-failed <n>', 'stop after this many failed trials', positiveInt('--max-failed'))
  .option('--json', 'machine-readable output')
  .action((id: string, opts: { maxTrials?: number; parallelism?: number; maxFailed?: number; json?: boolean }) => {
    if (opts.maxTrials === undefined && opts.parallelism === undefined && opts.maxFailed === undefined) {
      throw new ConfigError('extend needs --max-trials, --parallelism or --max-failed');
    }
    return control(
      id,
      {
        action: 'set-budget',
        maxTrials: opts.maxTrials,
        parallelism: opts.parallelism,
        maxFailedTrials: opts.maxFailed,
      },
      !!opts.json,
    );
  });

/** Error text on stderr: messages quote data (labels, rows, reasons), so controls are shown as escapes; lines are kept. */
const printError = (message: string) => console.error(printable(message, { keepNewlines: true }));

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof DomainError) {
    printError(err.message);
    process.exit(EXIT.badInput);
  }
  if (err instanceof WatchGaveUpError) {
    printError(err.message);
    process.exit(EXIT.unreachable);
  }
  if (err instanceof WorkflowFailedError) {
    // The run's own failure names the activity and root cause; older runs' chains are summarized the same way.
    printError(`Run failed: ${summarizeFailure(err.cause, attemptsFor)}`);
    process.exit(EXIT.runFailed);
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/connect|ECONNREFUSED|transport/i.test(message)) {
    printError(
      `Cannot reach Temporal at ${process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233'}: ${message}\nStart the local stack with: bash scripts/stack.sh start`,
    );
    process.exit(EXIT.unreachable);
  }
  printError(message);
  process.exit(EXIT.runFailed);
});
