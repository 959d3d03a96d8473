import { postTrial } from '../modules/trials/routes.js';

export const routes = { 'POST /v1/trials': postTrial };
