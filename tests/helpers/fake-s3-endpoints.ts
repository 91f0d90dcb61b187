import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';

/**
 * Endpoints that are broken the ways a real S3 endpoint breaks, for outage tests: each
 * returns its `http://127.0.0.1:<port>` URL; `closeFakeEndpoints()` ends them all.
 */
const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
const children: ChildProcess[] = [];

async function listen(server: net.Server): Promise<string> {
  servers.push(server);
  server.on('connection', (s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** Accepts TCP connections and never answers (a hung or half-open server). */
export function hungEndpoint(): Promise<string> {
  return listen(net.createServer(() => undefined));
}

/** An HTTP server that is not S3: every request gets `status` and an HTML page. */
export function webPageEndpoint(status: number): Promise<string> {
  return listen(
    http.createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<html><body>It works!</body></html>');
    }),
  );
}

/** A port nothing listens on any more (connection refused). */
export async function refusedEndpoint(): Promise<string> {
  const server = net.createServer();
  const url = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return url;
}

/**
 * A port whose accept queue is full and never drained, so a new connect hangs in SYN
 * (a firewalled or dead host): the case only a connect timeout ends. Node always
 * accepts, so a small python3 process holds the socket.
 */
export async function blackholeEndpoint(): Promise<string> {
  const script = [
    'import socket, time',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
    'port = s.getsockname()[1]; fill = []',
    'for _ in range(8):',
    '    c = socket.socket(); c.setblocking(False)',
    '    try: c.connect(("127.0.0.1", port))',
    '    except BlockingIOError: pass',
    '    fill.append(c)',
    'print(port, flush=True); time.sleep(3600)',
  ].join('\n');
  const child = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  return `http://127.0.0.1:${port}`;
}

export async function closeFakeEndpoints(): Promise<void> {
  for (const s of sockets) s.destroy();
  for (const c of children) c.kill();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
}
