/** @module Chunk: a trial's and a customer's detail (users, extension, order), registered when it loads. */
import { define } from '../define.js';
import { ResellerKitCustomerDetail } from '../elements/customer-detail.js';
import { ResellerKitTrialDetail } from '../elements/trial-detail.js';

// lazy.ts's DETAIL_DEFINED names the last one defined: once it is there, both are.
define('resellerkit-customer-detail', ResellerKitCustomerDetail);
define('resellerkit-trial-detail', ResellerKitTrialDetail);
