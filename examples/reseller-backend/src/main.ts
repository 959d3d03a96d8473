/** @module `npm start`: the example reseller backend on PORT, talking to resellerkit at RESELLERKIT_URL. */
import { serve } from '@hono/node-server';
import { ResellerKit } from '@resellerkit/sdk';
import { createExampleApp } from './app.js';
import { loadExampleConfig } from './config.js';
import { Mirror } from './mirror.js';

let config;
try {
  config = loadExampleConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
const mirror = new Mirror(config.databasePath);
const rk = new ResellerKit({ apiKey: config.apiKey, baseUrl: config.resellerkitUrl });
const app = createExampleApp({ rk, mirror, webhookSecret: config.webhookSecret, pageOrigin: config.pageOrigin });

const server = serve({ fetch: app.fetch, port: config.port, hostname: process.env.HOST || undefined }, (info) => {
  console.log(`reseller backend listening on http://127.0.0.1:${info.port} (widget sessions for ${config.pageOrigin}, webhooks at /webhooks)`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => {
      mirror.close();
      process.exit(0);
    });
  });
}
