export const TRIAL_STATUSES = ['active', 'expired'] as const;
