import { createTrial } from './service.js';

export const postTrial = (id: string) => createTrial(id);
