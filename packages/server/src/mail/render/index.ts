/** @module Multipart e-mails (subject, text, HTML) in Swedish, branded from configuration. */
export { vendorBranding, vendorBrandingSchema, brandingFrom, DEFAULT_VENDOR_COLOR, type Branding, type VendorBrandingConfig } from './branding.js';
export { MailContentError, type MailContent, type RenderedMail } from './content.js';
export { mailContent, renderMail } from './render.js';
export { trialInvitation, customerInvitation, ACCEPT_LABEL } from './templates/invitations.js';
export { trialExpiring } from './templates/trial-expiring.js';
export { orderApproved, orderRejected } from './templates/orders.js';
export { renewalUpcoming } from './templates/renewal-upcoming.js';
export { signatureRequested, agreementSigned, agreementDeclined, SIGN_LABEL } from './templates/agreements.js';
export { endpointDisabled } from './templates/endpoint-disabled.js';
export { trialDigest, daysLeft, ENGAGEMENT_LABELS, type DigestTrial } from './templates/trial-digest.js';
