/** @module The bundle's entry: registers every element once and exports the classes and event types for TypeScript users. */
import { define } from './define.js';
import { ResellerKitCustomersPanel } from './elements/customers-panel.js';
import { ResellerKitOrderReview } from './elements/order-review.js';
import { ResellerKitPortal } from './elements/portal.js';
import { ResellerKitRenewalAction } from './elements/renewal-action.js';
import { ResellerKitTrialsPanel } from './elements/trials-panel.js';

// Inner elements first, so the roots render into upgraded children. The rows' details, the dialogs and the revenue
// chart come later, from their chunks (lazy.ts), and upgrade where they already stand.
define('resellerkit-renewal-action', ResellerKitRenewalAction);
define('resellerkit-trials-panel', ResellerKitTrialsPanel);
define('resellerkit-customers-panel', ResellerKitCustomersPanel);
define('resellerkit-portal', ResellerKitPortal);
define('resellerkit-order-review', ResellerKitOrderReview);

export { ResellerKitOrderReview, ResellerKitPortal };
export { ApiError } from './api.js';
export type { ResellerKitErrorDetail, ResellerKitEventMap } from './events.js';
export type { FetchSession, Order, Trial, WidgetSession } from './types.js';

declare global {
  interface HTMLElementTagNameMap {
    'resellerkit-portal': ResellerKitPortal;
    'resellerkit-order-review': ResellerKitOrderReview;
  }
}
