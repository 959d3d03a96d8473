import { createTrial } from '../trials/service.js';

export const startOrder = (trialId: string) => `order for ${trialId}`;
export const reorder = (id: string) => createTrial(id);
