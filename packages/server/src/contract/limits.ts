/** @module Request body sizes the API accepts, each defined once: the HTTP guard enforces them, routes and docs quote them. */

/** A JSON body, on any route. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** A file upload: the signed agreement (PDF), a plan import (CSV or .xlsx). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
