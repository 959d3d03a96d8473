export const fixtureName = 'dirty';
