import { insertTrial } from '../modules/trials/repo.js';

export const routes = { 'POST /v1/trials': insertTrial };
