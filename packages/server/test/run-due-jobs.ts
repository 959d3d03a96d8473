/**
 * A scheduler process for tests: runs the due jobs once against $DATABASE_URL on a clock stopped at $CLOCK_AT. It says
 * `ready` once its store is open and starts on a line from stdin, so a test can start two rounds at the same moment.
 * Prints the report as JSON.
 */
import { loadConfig, ManualClock, openServices } from '@resellerkit/server';
import { runDueJobs } from '../src/scheduler/jobs.js';

const services = await openServices(loadConfig({ DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: 'silent' }), { clock: new ManualClock(process.env.CLOCK_AT!) });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
const report = await runDueJobs(services.ctx);
process.stdout.write(JSON.stringify(report));
services.ctx.planFiles.close();
await services.store.destroy();
