import { CUSTOMER_TYPES } from '../modules/trials/model.js';

export const customerTypeSchema = { enum: CUSTOMER_TYPES };
