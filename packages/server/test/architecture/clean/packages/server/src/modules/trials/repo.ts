import { db } from '../../db/connect.js';

export const insertTrial = (id: string) => `${db.dialect}:${id}`;
