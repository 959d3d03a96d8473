import { TEST_ADMIN_KEY } from '@resellerkit/dev-env/harness';
import { fixtureName } from '../../test/helpers.js';
import { trialFixture } from '../modules/trials/fixtures.testing.js';

export const seed = () => `${fixtureName}:${TEST_ADMIN_KEY}:${trialFixture.id}`;
