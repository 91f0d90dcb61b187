/**
 * The README's "start a run from the Web UI" path, driven by a real browser: the
 * Temporal Web UI's "Start a Workflow" form, then the workflow's page until it shows
 * the final status. Uses the running stack (FF_TEMPORAL_UI_URL from .stack/env), a
 * control worker in-process and a training worker as a child process, both on task
 * queues unique to this test.
 *
 * Browser: /usr/bin/chromium (bash scripts/install-browser.sh) through playwright-core.
 *
 * Selectors were written against Temporal UI 2.42.1 as served by Temporal CLI v1.5.1
 * (`temporal server start-dev`; its UI has the start form enabled: /api/v1/settings
 * says StartWorkflowDisabled=false). They are role/label based where the UI offers it:
 *   - form fields: textboxes labelled "Workflow ID", "Task Queue", "Workflow Type";
 *   - the input "Data" field is a CodeMirror editor with no accessible name, so it is
 *     found as `main .cm-content` (the only editor on the page);
 *   - the "Start Workflow" button is disabled until the three fields are filled;
 *   - after a start the form stays put and a toast link "Workflow started successfully"
 *     points at /namespaces/default/workflows/<id>/<runId>/history;
 *   - the workflow page (/history) shows the status as a badge above the h1 (which is
 *     the workflow id): "Running", "Completed", "Failed"; for a failed run the event
 *     history has a "Workflow Execution Failed" row with the failure message, and the
 *     "Result" panel (a read-only CodeMirror) shows the failure JSON with its type.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import type { Page } from 'playwright-core';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { runControlWorker, type RunningControlWorker } from '../helpers/control-worker';
import type { FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import type { HpoSweepResult } from '../../workflows/hpo-sweep';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser';
import { envVars, testClient, testWorkerEnv } from '../helpers/real-stack';
import { spawnWorker, type SpawnedWorker } from '../helpers/spawn-worker';

jest.setTimeout(150_000);

const SCREENSHOTS = path.resolve(__dirname, '../../out/screenshots');
const env = testWorkerEnv('webui');
const UI = (process.env.FF_TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233').replace(/\/+$/, '');
const NS = env.TEMPORAL_NAMESPACE;

let control: RunningControlWorker | undefined;
let training: SpawnedWorker | undefined;
let browser: TestBrowser | undefined;

/** The small config of the README's Web UI example: 2 trials of 1 epoch, run 2 at a time. */
const config: ExperimentConfigInput = {
  name: 'webui-e2e',
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  search: {
    maxTrials: 2,
    parallelism: 2,
    epochs: 1,
    space: { learningRate: { type: 'float', low: 0.005, high: 0.02, log: true } },
  },
  ensemble: { topK: 2 },
};

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  training = spawnWorker('training-worker', envVars(env));
  control = await runControlWorker(env);
  browser = await launchTestBrowser();
  await withTimeout(training.ready, 90_000, () => `training worker not polling after 90 s:\n${training?.output()}`);
}, 120_000);

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

afterAll(async () => {
  await browser?.close();
  await control?.stop();
  await training?.stop();
});

/**
 * Fills the "Start a Workflow" form as a user would and submits it. Returns the
 * workflow page's URL from the success toast.
 */
async function startFromWebUi(
  page: Page,
  form: { workflowId: string; taskQueue: string; workflowType: string; input: string },
): Promise<string> {
  await page.goto(`${UI}/namespaces/${encodeURIComponent(NS)}/workflows/start-workflow`);
  await page.getByRole('heading', { name: 'Start a Workflow' }).waitFor();
  await page.getByRole('textbox', { name: 'Workflow ID' }).fill(form.workflowId);
  await page.getByRole('textbox', { name: 'Task Queue' }).fill(form.taskQueue);
  await page.getByRole('textbox', { name: 'Workflow Type' }).fill(form.workflowType);
  await page.locator('main .cm-content').click();
  // insertText: one input event, so the editor's bracket auto-closing does not add to it.
  await page.keyboard.insertText(form.input);
  // Leave the editor before submitting: it reformats the JSON on blur, and a click that
  // lands during that re-render is lost.
  await page.getByRole('heading', { name: 'Start a Workflow' }).click();
  const submit = page.getByRole('button', { name: 'Start Workflow' });
  await expectEnabled(submit);
  await submit.click();
  const toast = page.getByRole('link', { name: 'Workflow started successfully' });
  await toast.waitFor({ timeout: 20_000 });
  const href = await toast.getAttribute('href');
  if (!href) throw new Error('the "Workflow started successfully" toast has no link');
  return new URL(href, UI).toString();
}

async function expectEnabled(locator: ReturnType<Page['locator']>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await locator.isEnabled())) {
    if (Date.now() > deadline) throw new Error('the "Start Workflow" button stayed disabled');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The status badge in the workflow page's header: its first whole-text match in main.
 * (A RegExp in getByText sees the raw text, " Failed " with spaces, hence the \s*.)
 */
const FINAL_STATUS = /^\s*(Completed|Failed|Terminated|Canceled|Timed Out|Continued as New)\s*$/;

/**
 * Waits until the workflow page shows a final status in its header badge and checks it
 * is `status`. The page refreshes a running workflow by itself; in case it does not,
 * it is reloaded when no final status appeared for 15 s.
 */
async function waitForStatus(
  page: Page,
  url: string,
  workflowId: string,
  status: 'Completed' | 'Failed',
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await page.goto(url);
  for (;;) {
    // The header (h1 = the workflow id) renders once the workflow is loaded.
    await page.getByRole('heading', { level: 1, name: workflowId }).waitFor({ timeout: 30_000 });
    const badge = page.locator('main').getByText(FINAL_STATUS).first();
    try {
      await badge.waitFor({ state: 'visible', timeout: Math.max(1, Math.min(15_000, deadline - Date.now())) });
    } catch {
      if (Date.now() >= deadline)
        throw new Error(`workflow page did not show ${status} within ${timeoutMs} ms (${url})`);
      await page.reload();
      continue;
    }
    const shown = (await badge.innerText()).trim();
    if (shown !== status) throw new Error(`workflow page shows ${shown}, expected ${status} (${url})`);
    return;
  }
}

function statusBadge(page: Page, status: string) {
  return page.locator('main').getByText(status, { exact: true }).first();
}

test('a run typed into the Web UI start form completes, and its page shows Completed', async () => {
  const page = await browser!.context.newPage();
  const workflowId = `webui-e2e-${Date.now()}`;
  const input = { config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE };
  const started = Date.now();
  try {
    const url = await startFromWebUi(page, {
      workflowId,
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowType: 'fineTunePipeline',
      input: JSON.stringify(input),
    });
    expect(url).toContain(`/namespaces/${NS}/workflows/${workflowId}/`);
    await waitForStatus(page, url, workflowId, 'Completed', 110_000);
    await expect(statusBadge(page, 'Completed').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-ui-completed.png'), fullPage: true });

    // The same run through the client API: what the UI sent, and what it returned.
    const { client, connection } = await testClient(env);
    try {
      const handle = client.workflow.getHandle(workflowId);
      const result: FineTunePipelineResult = await handle.result();
      expect(result.runId).toBe(workflowId);
      expect(result.trials).toMatchObject({ total: 2, completed: 2, failed: 0 });
      // Greedy selection keeps 1 or 2 of the 2 trials (it stops adding members that do not help).
      expect(result.test.ensemble.members.length).toBeGreaterThanOrEqual(1);
      expect(result.test.ensemble.members.length).toBeLessThanOrEqual(2);
      const description = await handle.describe();
      expect(description.type).toBe('fineTunePipeline');
      expect(description.taskQueue).toBe(env.FF_CONTROL_TASK_QUEUE);
    } finally {
      await connection.close();
    }
    console.log(`web-ui completed case: ${Date.now() - started} ms`);
  } finally {
    await page.close();
  }
});

test('an hpoSweep started alone from the Web UI curates its own data, runs both trials and completes', async () => {
  const page = await browser!.context.newPage();
  const workflowId = `webui-e2e-sweep-${Date.now()}`;
  // No `data`: a sweep started alone curates the config's dataset first.
  const input = { config: { ...config, name: 'webui-e2e-sweep' }, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE };
  const started = Date.now();
  try {
    const url = await startFromWebUi(page, {
      workflowId,
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowType: 'hpoSweep',
      input: JSON.stringify(input),
    });
    expect(url).toContain(`/namespaces/${NS}/workflows/${workflowId}/`);
    await waitForStatus(page, url, workflowId, 'Completed', 110_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-ui-sweep-completed.png'), fullPage: true });

    const { client, connection } = await testClient(env);
    try {
      const handle = client.workflow.getHandle(workflowId);
      const result: HpoSweepResult = await handle.result();
      expect(result.trials.map((t) => t.status)).toEqual(['completed', 'completed']);
      expect(result.best?.trialId).toMatch(/^trial-000[01]$/);
      expect((await handle.describe()).type).toBe('hpoSweep');
      // Each trial ran as a child workflow that completed.
      for (const t of result.trials)
        expect((await client.workflow.getHandle(`${workflowId}-${t.trialId}`).describe()).status.name).toBe(
          'COMPLETED',
        );
    } finally {
      await connection.close();
    }
    console.log(`web-ui hpoSweep case: ${Date.now() - started} ms`);
  } finally {
    await page.close();
  }
});

test('an invalid config typed into the Web UI fails the run, and its page shows the ConfigError', async () => {
  const page = await browser!.context.newPage();
  const workflowId = `webui-e2e-bad-${Date.now()}`;
  const bad = {
    config: { ...config, name: 'Bad Name', search: { ...config.search, maxTrials: 0 } },
    trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE,
  };
  const started = Date.now();
  try {
    const url = await startFromWebUi(page, {
      workflowId,
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowType: 'fineTunePipeline',
      input: JSON.stringify(bad),
    });
    await waitForStatus(page, url, workflowId, 'Failed', 60_000);
    await expect(statusBadge(page, 'Failed').isVisible()).resolves.toBe(true);
    // The ConfigError's message lists every bad field. On the page it shows in the event
    // history's "Workflow Execution Failed" row (Failure Message) and in the "Result"
    // panel, whose JSON names the failure type ConfigError.
    const failedRow = page.getByRole('row').filter({ hasText: 'Workflow Execution Failed' });
    await failedRow.first().waitFor({ state: 'visible', timeout: 15_000 });
    const rowText = await failedRow.first().innerText();
    await failedRow.first().screenshot({ path: path.join(SCREENSHOTS, 'web-ui-config-error-event.png') });
    expect(rowText).toContain('search.maxTrials');
    expect(rowText).toContain('maxTrials must be at least 1');
    const maxTrialsText = page.locator('main').getByText('search.maxTrials: maxTrials must be at least 1').first();
    await maxTrialsText.waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('main').getByText('"ConfigError"').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-ui-config-error.png'), fullPage: true });

    const { client, connection } = await testClient(env);
    try {
      const err = await client.workflow
        .getHandle(workflowId)
        .result()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause as Error & { type?: string };
      expect(cause.type).toBe('ConfigError');
      expect(cause.message).toContain('- search.maxTrials:');
      expect(cause.message).toContain('- name:');
    } finally {
      await connection.close();
    }
    console.log(`web-ui config-error case: ${Date.now() - started} ms`);
  } finally {
    await page.close();
  }
});
