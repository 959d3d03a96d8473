/** @module A real HTTP receiver on 127.0.0.1 for webhook tests: records every request, answers as the test says. */
import { once } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: any };
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string };
export type Handler = (r: Received, n: number) => Reply | Promise<Reply>;

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests being answered right now, and the most there ever were at once. */
  open: number;
  maxOpen: number;
  handle(h: Handler): void;
  close(): Promise<void>;
}

export async function startReceiver(handler: Handler = () => ({ status: 200 })): Promise<Receiver> {
  let h = handler;
  const state = { open: 0, maxOpen: 0 };
  const received: Received[] = [];
  const server = http.createServer(async (req, res) => {
    state.open++;
    state.maxOpen = Math.max(state.maxOpen, state.open);
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        headers: req.headers,
        body,
        json: JSON.parse(body),
      };
      received.push(r);
      const reply = await h(r, received.length);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? '');
    } catch {
      res.destroy();
    } finally {
      state.open--;
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    get open() {
      return state.open;
    },
    get maxOpen() {
      return state.maxOpen;
    },
    handle: (next) => void (h = next),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
