/** @module The server's public entry: what the CLI's neighbours (tests, dev-env, bench) start and configure it with. */
export { createApp, type App, type AppOptions } from './app/create-app.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { ConfigError, loadConfig, type Config } from './config.js';
export { openStore, type Store } from './db/connect.js';
export { migrate } from './db/migrate.js';
export { startServer, type RunningServer, type ServerOptions } from './app/server.js';
export { openServices, type Services } from './app/services.js';
