import { TRIAL_STATUSES } from '../../lifecycle/trial.js';
import { recordEvent } from '../../outbox/record.js';
import { insertTrial } from './repo.js';

export const createTrial = (id: string) => [insertTrial(id), recordEvent(`trial.${TRIAL_STATUSES[0]}`)];
