export const CUSTOMER_TYPES = ['brf', 'other'] as const;
