/** @module Every router validates with zod and answers invalid input with our error shape, never the library's. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { validationError } from './errors.js';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error as never, result.target);
    },
  });
}
