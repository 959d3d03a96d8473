import { insertTrial } from './repo.js';

export const postTrial = (id: string) => insertTrial(id);
