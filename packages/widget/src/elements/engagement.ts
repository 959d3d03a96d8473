/**
 * @module Trial engagement in Provkonton (issue 20): the badge per row, the order the list sorts by it, and which trials
 * need a call ("Behöver uppföljning"). The level itself comes from the server (docs/engagement.md).
 */
import { html } from 'lit';
import type { Messages } from '../i18n/sv.js';
import type { Trial } from '../types.js';

type Level = Trial['engagement']['level'];
const RANK: Record<Level, number> = { none: 0, low: 1, medium: 2, high: 3 };

/** Least engaged first when ascending: the trials to call come to the top. */
export function byEngagement(dir: 'ascending' | 'descending') {
  const sign = dir === 'ascending' ? 1 : -1;
  return (a: Trial, b: Trial) => sign * (RANK[a.engagement.level] - RANK[b.engagement.level]);
}

/** An active trial nobody logged in to, or one with low activity. */
export const needsFollowUp = (t: Trial) => t.status === 'active' && RANK[t.engagement.level] <= RANK.low;

export function engagementBadge(t: Messages, trial: Trial) {
  const level = trial.engagement.level;
  return html`<span class="badge engagement-${level}" part="badge">${t.engagement.badge[level]}</span>`;
}
