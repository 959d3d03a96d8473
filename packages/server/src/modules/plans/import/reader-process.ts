/**
 * @module The program of a plan-reader process: reads each file its parent sends over IPC and sends back the answer,
 * one at a time. It exits with its parent: a closed channel means nobody is left to answer.
 */
import { readUpload, type PlanUpload } from './read-upload.js';

process.on('message', (upload: PlanUpload) => {
  void readUpload(upload).then((answer) => process.send?.(answer));
});
process.on('disconnect', () => process.exit(0));
