import { startOrder } from '../orders/service.js';
import { insertTrial } from './repo.js';

export const createTrial = (id: string) => insertTrial(id);
export const convertTrial = (id: string) => startOrder(id);
