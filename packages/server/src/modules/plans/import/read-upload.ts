/**
 * @module Reads an uploaded plan and validates its rows, answering with something a message can carry. Runs in a
 * plan-reader process (see reader-process.ts); it imports no store and no HTTP code, so that process holds little else.
 */
import { AppError, type Issue } from '../../../errors.js';
import { readPlanFile } from './read-file.js';
import { validateRows, type ValidatedRows } from './validate-rows.js';

export interface PlanUpload {
  /** The declared media type, already checked against the accepted ones. */
  type: string;
  bytes: Uint8Array;
}

/** A refusal as the reader process reports it; the caller turns it back into the error class of that status. */
export interface RefusedUpload {
  status: number;
  message: string;
  issues?: Issue[];
}

export type ParseAnswer = { ok: true; rows: ValidatedRows } | { ok: false; refused: RefusedUpload } | { ok: false; crashed: string };

export async function readUpload(upload: PlanUpload): Promise<ParseAnswer> {
  try {
    return { ok: true, rows: validateRows(await readPlanFile(upload.type, upload.bytes)) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, refused: { status: err.status, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } };
    return { ok: false, crashed: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}
