import fc from 'fast-check';

export const sample = () => fc.sample(fc.integer(), 1);
