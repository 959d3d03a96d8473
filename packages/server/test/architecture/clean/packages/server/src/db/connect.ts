export const db = { dialect: 'sqlite' as const };
