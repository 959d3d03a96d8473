/** @module The example's configuration, read from the environment once at start; a missing value stops it with a message naming it. */

export interface ExampleConfig {
  /** Where resellerkit answers, e.g. http://localhost:8787. */
  resellerkitUrl: string;
  /** Your reseller API key (`rk_…`), never sent to the browser. */
  apiKey: string;
  /** The `whsec_…` secret shown once when you registered this backend's `/webhooks` URL. */
  webhookSecret: string;
  port: number;
  /** The partner page's origin: the only origin that may ask for a widget session (CORS) and the one the token is bound to. */
  pageOrigin: string;
  /** The SQLite file that mirrors trials and customers. */
  databasePath: string;
}

export function loadExampleConfig(env: Record<string, string | undefined> = process.env): ExampleConfig {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set: see examples/reseller-backend/README.md`);
    return value;
  };
  const port = Number(env.PORT ?? '3001');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    resellerkitUrl: env.RESELLERKIT_URL ?? 'http://localhost:8787',
    apiKey: need('RESELLERKIT_API_KEY'),
    webhookSecret: need('WEBHOOK_SECRET'),
    port,
    pageOrigin: env.PAGE_ORIGIN ?? 'http://localhost:3000',
    databasePath: env.DATABASE_PATH ?? './reseller-backend.db',
  };
}
