import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * deploy/ is validated in CI by scripts/validate-deploy.sh (kustomize + kubeconform
 * -strict against the Kubernetes schemas, compose-spec schema, hadolint). The first run
 * builds/fetches its tools from registries into ~/.cache/finetune-flow, later runs are
 * offline and take about a second.
 */
jest.setTimeout(900_000);

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts', 'validate-deploy.sh');
const CACHE_BIN = path.join(process.env.FF_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'finetune-flow'), 'bin');

function validate(dir?: string): { code: number | null; output: string } {
  const run = spawnSync('bash', [SCRIPT, ...(dir ? [dir] : [])], { cwd: ROOT, encoding: 'utf8', timeout: 850_000 });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A copy of deploy/ with `edit` applied to one file; removed after the test. */
function brokenCopy(file: string, from: string, to: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-deploy-'));
  cpSync(path.join(ROOT, 'deploy'), dir, { recursive: true });
  const target = path.join(dir, file);
  const text = readFileSync(target, 'utf8');
  expect(text).toContain(from);
  writeFileSync(target, text.replace(from, to));
  return dir;
}

const copies: string[] = [];
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('the committed deploy/ validates: every kustomization, the compose file and the Dockerfiles', () => {
  const { code, output } = validate();
  expect(output).toMatch(/k8s\/base \| kubeconform/);
  expect(output).toMatch(/k8s\/overlays\/temporal-cloud \| kubeconform/);
  expect(output).toMatch(/Invalid: 0, Errors: 0/);
  expect(output).toContain('compose.yaml against the compose-spec schema');
  expect(code).toBe(0);
});

test('a misspelled Deployment field fails kubeconform, naming the object', () => {
  const dir = brokenCopy(
    'k8s/base/training-worker.yaml',
    'terminationGracePeriodSeconds: 150',
    'terminationGracePeriodSecond: 150',
  );
  copies.push(dir);
  const { code, output } = validate(dir);
  expect(code).not.toBe(0);
  expect(output).toMatch(/Deployment training-worker is invalid/);
  expect(output).toContain('terminationGracePeriodSecond');
});

test('a wrongly typed field (replicas: one) fails kubeconform', () => {
  const dir = brokenCopy('k8s/base/training-worker.yaml', 'replicas: 1', 'replicas: one');
  copies.push(dir);
  const { code, output } = validate(dir);
  expect(code).not.toBe(0);
  expect(output).toMatch(/Deployment training-worker is invalid/);
});

test('an unknown compose service key fails the compose-spec check', () => {
  const dir = brokenCopy('compose.yaml', 'stop_grace_period: 150s', 'stop_grace_periods: 150s');
  copies.push(dir);
  const { code, output } = validate(dir);
  expect(code).not.toBe(0);
  expect(output).toContain('services/training-worker-gpu');
  expect(output).toContain('stop_grace_periods');
});

test('each Deployment lets the worker drain: terminationGracePeriodSeconds > FF_SHUTDOWN_GRACE_SECONDS + 10 s', () => {
  const rendered = spawnSync(path.join(CACHE_BIN, 'kustomize'), ['build', path.join(ROOT, 'deploy/k8s/base')], {
    encoding: 'utf8',
  });
  expect(rendered.status).toBe(0);
  const deployments = parseAllDocuments(rendered.stdout)
    .map((d) => d.toJS())
    .filter((o) => o?.kind === 'Deployment');
  expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['control-worker', 'training-worker']);
  for (const d of deployments) {
    const pod = d.spec.template.spec;
    const env: { name: string; value: string }[] = pod.containers[0].env ?? [];
    const grace = Number(env.find((e) => e.name === 'FF_SHUTDOWN_GRACE_SECONDS')?.value);
    expect(Number.isFinite(grace)).toBe(true);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(grace + 10);
  }
});
