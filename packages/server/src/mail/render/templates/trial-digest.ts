/**
 * @module The daily digest to a reseller's contact (issue 20): the trials that fell quiet for a week and the ones that
 * reached high engagement, each with what a salesperson needs before calling. One e-mail per reseller and day; the
 * scheduler decides which trials go in, this only draws them.
 */
import { DAY_MS } from '../../../clock.js';
import type { EngagementLevel } from '../../../modules/trials/engagement.js';
import type { Branding } from '../branding.js';
import { day, MailContentError, oneLine, type Block, type MailContent } from '../content.js';
import { mailContent } from '../render.js';

export const ENGAGEMENT_LABELS: Record<EngagementLevel, string> = {
  none: 'Ingen inloggning',
  low: 'Låg',
  medium: 'Måttlig',
  high: 'Hög',
};

export interface DigestTrial {
  organizationName: string;
  level: EngagementLevel;
  lastActivityAt: string | null;
  endsAt: string;
  /** Why it is in the digest: quiet for 7 days (`trial.inactive`) or just reached `high` (`trial.engaged`). */
  nudge: 'inactive' | 'engaged';
}

const SECTIONS: { nudge: DigestTrial['nudge']; heading: string; hint: string }[] = [
  { nudge: 'inactive', heading: 'Inte använda på sju dagar', hint: 'Ingen har loggat in eller arbetat i planen på en vecka. Hör av er innan provperioden tar slut.' },
  { nudge: 'engaged', heading: 'Används flitigt', hint: 'Flera personer arbetar i underhållsplanen. Ett bra tillfälle att föreslå en beställning.' },
];

/** Whole days until the end, rounded up: a trial ending later today has 1 day left. */
export function daysLeft(endsAt: string, now: Date): number {
  return Math.max(0, Math.ceil((new Date(endsAt).getTime() - now.getTime()) / DAY_MS));
}

const dagar = (n: number) => (n === 1 ? '1 dag' : `${n} dagar`);

export function trialDigest(brand: Branding, p: { now: Date; trials: DigestTrial[]; link?: string }): MailContent {
  if (p.trials.length === 0) throw new MailContentError('a digest lists at least one trial; send none when there is nothing to follow up');
  const n = p.trials.length;
  const blocks: Block[] = [
    { kind: 'paragraph', text: 'Hej!' },
    { kind: 'paragraph', text: `${n === 1 ? 'Ett provkonto behöver' : `${n} provkonton behöver`} er uppmärksamhet i dag.` },
  ];
  for (const s of SECTIONS) {
    const trials = p.trials.filter((t) => t.nudge === s.nudge).sort((a, b) => a.endsAt.localeCompare(b.endsAt));
    if (trials.length === 0) continue;
    blocks.push(
      { kind: 'heading', text: s.heading },
      { kind: 'paragraph', text: s.hint },
      {
        kind: 'records',
        items: trials.map((t) => ({
          title: oneLine(t.organizationName),
          facts: [
            { label: 'Aktivitet', value: ENGAGEMENT_LABELS[t.level] },
            { label: 'Senaste aktivitet', value: t.lastActivityAt ? day(t.lastActivityAt) : 'Ingen än' },
            { label: 'Kvar av provperioden', value: `${dagar(daysLeft(t.endsAt, p.now))} (går ut ${day(t.endsAt)})` },
          ],
        })),
      },
    );
  }
  blocks.push(
    p.link
      ? { kind: 'button', label: 'Öppna Provkonton', href: p.link }
      : { kind: 'paragraph', text: 'Alla provkonton och hur de används ser ni under Provkonton.' },
  );
  return mailContent(
    {
      subject: `${n === 1 ? '1 provkonto' : `${n} provkonton`} att följa upp ${day(p.now)}`,
      preheader: p.trials.slice(0, 3).map((t) => oneLine(t.organizationName)).join(', ') + (n > 3 ? ' med flera' : ''),
      blocks,
      footer: `Ni får den här sammanställningen högst en gång om dagen, som återförsäljare av ${brand.name}, när ett provkonto behöver följas upp.`,
    },
  );
}
