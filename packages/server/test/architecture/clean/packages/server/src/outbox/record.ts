import { db } from '../db/connect.js';

export const recordEvent = (type: string) => `${db.dialect}:${type}`;
