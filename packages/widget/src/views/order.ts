/** @module Chunk: the dialogs of Provkonton, registered when it loads. */
import { define } from '../define.js';
import { ResellerKitOrderFlow } from '../elements/order-flow.js';
import { ResellerKitTrialForm } from '../elements/trial-form.js';

define('resellerkit-trial-form', ResellerKitTrialForm);
define('resellerkit-order-flow', ResellerKitOrderFlow);
