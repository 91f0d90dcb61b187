import { ConfigError } from '../../../lib/core/errors';
import { startConflictError } from '../../../cli/start-conflict';
import { workflowUiLink } from '../../../cli/client';

const ui = 'http://127.0.0.1:8233/namespaces/default/workflows/demo-1';

test('a start while the same id is running says so and prints the watch command', () => {
  const err = startConflictError('demo-1', { status: 'RUNNING', type: 'fineTunePipeline' }, ui);
  expect(err).toBeInstanceOf(ConfigError);
  expect(err.retryable).toBe(false);
  expect(err.message).toContain('Run demo-1 is already running (fineTunePipeline)');
  expect(err.message).toContain('npx tsx cli/main.ts watch demo-1');
  expect(err.message).toContain(`Web UI: ${ui}`);
  expect(err.message).not.toContain('finished');
});

test('a start with a finished run id says it finished and how to reuse results or pick a new id', () => {
  const err = startConflictError('demo-1', { status: 'COMPLETED', type: 'fineTunePipeline' }, ui);
  expect(err.message).toContain('Run id demo-1 is already finished (completed, fineTunePipeline)');
  expect(err.message).toContain('npx tsx cli/main.ts result demo-1');
  expect(err.message).toContain('pass a new --id');
  expect(err.message).not.toContain('watch demo-1');
});

test('when the existing run cannot be described, the message still says the id is taken', () => {
  const err = startConflictError('demo-1', undefined, ui);
  expect(err.message).toContain('Run id demo-1 is already used');
});

test('the Web UI link URL-encodes any valid id (dots, underscores) and the namespace', () => {
  const prev = { ui: process.env.FF_TEMPORAL_UI_URL, ns: process.env.TEMPORAL_NAMESPACE };
  process.env.FF_TEMPORAL_UI_URL = 'http://ui:8233';
  process.env.TEMPORAL_NAMESPACE = 'team a';
  try {
    expect(workflowUiLink('exp_1.v2-x')).toBe('http://ui:8233/namespaces/team%20a/workflows/exp_1.v2-x');
    expect(workflowUiLink('a/b?c#d')).toBe('http://ui:8233/namespaces/team%20a/workflows/a%2Fb%3Fc%23d');
  } finally {
    if (prev.ui === undefined) delete process.env.FF_TEMPORAL_UI_URL;
    else process.env.FF_TEMPORAL_UI_URL = prev.ui;
    if (prev.ns === undefined) delete process.env.TEMPORAL_NAMESPACE;
    else process.env.TEMPORAL_NAMESPACE = prev.ns;
  }
});
