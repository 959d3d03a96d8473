import type { Trial } from '../modules/trials/model.js';

export const db = { dialect: 'sqlite' as const, last: null as Trial | null };
