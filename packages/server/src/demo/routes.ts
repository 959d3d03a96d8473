/**
 * @module The development routes that `serve --demo` mounts, never in production: the mailbox with live invitation
 * links, the demo webhook consumer, and the demo page with its session endpoint. (The plain start page, which the
 * demo page replaces once the demo is seeded, is served always.)
 */
import devMail from './dev-mail.js';
import devWebhooks from './dev-webhooks.js';
import { demoPages } from './start-page.js';

export const demoRouters = [devMail, devWebhooks, demoPages];
