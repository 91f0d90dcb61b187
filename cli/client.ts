import { Client, Connection } from '@temporalio/client';
import { dataConverterFromEnv } from '../workers/payload-codec-env';

/** Settings the CLI reads from the environment (the same names the workers use). */
export function cliEnv() {
  return {
    address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    uiUrl: process.env.FF_TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233',
  };
}

/** Connects a Temporal client; the caller closes `connection`. */
export async function connectClient(): Promise<{ client: Client; connection: Connection }> {
  const env = cliEnv();
  const connection = await Connection.connect({ address: env.address });
  // Same payload encryption as the workers when FF_PAYLOAD_KEY is set, so results and queries decode.
  return {
    client: new Client({ connection, namespace: env.namespace, dataConverter: dataConverterFromEnv() }),
    connection,
  };
}

/** Link to a workflow execution in the Temporal Web UI. */
export function workflowUiLink(workflowId: string): string {
  const env = cliEnv();
  return `${env.uiUrl}/namespaces/${encodeURIComponent(env.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
