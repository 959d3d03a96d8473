/**
 * @module Which characters free text may hold, defined once: the contract's schemas check against these, and the plan
 * import strips the same control characters from spreadsheet cells. Plain patterns, no schema library, so the
 * plan-reader process can load them.
 */

/**
 * One line of text holds no control character: no C0 (tab, CR and LF included), DEL or C1, and no Unicode line or
 * paragraph separator. Names and references end up in e-mail subjects and bodies and in logs, where a line break would
 * add lines of the sender's choosing.
 */
export const ONE_LINE = /^[^\u0000-\u001F\u007F-\u009F\u2028\u2029]*$/;
/** The control characters multi-line text may not hold: C0 other than tab, LF and CR, and DEL. */
export const MULTI_LINE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Multi-line text: line breaks (LF, CR) and tabs, and no other C0 control character or DEL. */
export const MULTI_LINE = new RegExp(`^[^${MULTI_LINE_CONTROL.source.slice(1, -1)}]*$`);
