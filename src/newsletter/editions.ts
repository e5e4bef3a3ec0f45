// An issue's two newsletter editions, from a build's Site and BodyStore: what `digest newsletter`
// prints and `digest dev` shows.
import type { Issue, Site } from '../model/types.js';
import type { BodyStore } from '../parse/body-store.js';
import { emailHtml } from './email-html.js';
import { emailText } from './email-text.js';
import { issueEdition } from './issue-edition.js';
import { mimeMessage } from './mime-message.js';
import { wechatHtml } from './wechat-html.js';

export type EditionFormat = 'email' | 'wechat';

export interface EmailEdition {
  subject: string;
  html: string;
  text: string;
  /** The whole message, as an .eml file holds it. */
  message: Buffer;
  /** Addresses site.yml does not give, replaced by placeholders: 'from', 'to'. */
  placeholders: string[];
}

export interface EditionSource {
  site: Site;
  bodies: BodyStore;
  issue: Issue;
}

export async function emailEdition(source: EditionSource): Promise<EmailEdition> {
  const edition = issueEdition(source);
  const html = emailHtml(edition);
  const text = emailText(edition);
  const addresses = source.site.config.newsletter;
  const message = await mimeMessage({
    subject: edition.title,
    date: edition.date,
    issueId: edition.issueId,
    host: new URL(source.site.config.url).hostname,
    addresses,
    text,
    html,
  });
  const placeholders = [...(addresses.from === null ? ['from'] : []), ...(addresses.to.length === 0 ? ['to'] : [])];
  return { subject: edition.title, html, text, message, placeholders };
}

export function wechatEdition(source: EditionSource): string {
  return wechatHtml(issueEdition(source));
}

/** The issue `week` names: the one starting that day, else the one whose period holds it; null when none. */
export function issueOfWeek(site: Site, week: string): Issue | null {
  return site.issueById.get(week) ?? site.issues.find((issue) => issue.start <= week && week <= issue.end) ?? null;
}
