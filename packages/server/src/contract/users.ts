/** @module The inputs for an account's users, the same under a trial and under a customer. */
import { z } from '@hono/zod-openapi';
import { Email } from './common.js';
import { Role, TrialUser } from './resources.js';

export const UserInput = z.object({ email: Email, role: Role.optional().openapi({ description: 'Default editor.' }) }).openapi('UserInput');
export const UserRoleInput = z.object({ role: Role }).openapi('UserRoleInput');
export const UserList = z.object({ data: z.array(TrialUser), nextCursor: z.string().nullable() }).openapi('UserList');
