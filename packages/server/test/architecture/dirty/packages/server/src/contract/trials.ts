import { createTrial } from '../modules/trials/service.js';

export const example = createTrial('trial_example');
