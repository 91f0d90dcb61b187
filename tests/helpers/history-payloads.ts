import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
type Payload = temporal.api.common.v1.IPayload;

/** One workflow's history as stored by the server: decoded events and the raw protobuf bytes. */
export interface StoredHistory {
  workflowId: string;
  history: History;
  raw: Buffer;
}

/**
 * Fetches the history of `workflowId` and, recursively, of every child workflow
 * it started (pipeline -> sweep -> trials), exactly as the server stores them
 * (no payload codec is applied by `fetchHistory`).
 */
export async function fetchHistoryTree(client: Client, workflowId: string): Promise<StoredHistory[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  const children = (history.events ?? [])
    .map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId)
    .filter((id): id is string => typeof id === 'string');
  const nested = await Promise.all(children.map((id) => fetchHistoryTree(client, id)));
  return [{ workflowId, history, raw }, ...nested.flat()];
}

/** Every Payload object anywhere in `value` (inputs, results, heartbeats, failures, memo...). */
export function collectPayloads(value: unknown, out: Payload[] = []): Payload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return out;
  const obj = value as Record<string, unknown>;
  if (obj.data instanceof Uint8Array && obj.metadata && typeof obj.metadata === 'object') out.push(obj as Payload);
  for (const v of Object.values(obj)) collectPayloads(v, out);
  return out;
}

/** The UTF-8 text of every payload's data, one per line (what a JSON-decoding reader would see). */
export function payloadTexts(history: History): string[] {
  return collectPayloads(history).map((p) => Buffer.from(p.data ?? new Uint8Array(0)).toString('utf8'));
}

/** Metadata `encoding` of every payload in `history`. */
export function payloadEncodings(history: History): string[] {
  return collectPayloads(history).map((p) => Buffer.from(p.metadata?.encoding ?? new Uint8Array(0)).toString('utf8'));
}
