import { utils } from 'xlsx';

export const book = () => utils.book_new();
