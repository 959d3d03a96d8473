export const trialFixture = { id: 'trial_fixture' };
