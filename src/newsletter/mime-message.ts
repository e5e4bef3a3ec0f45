// The email edition as one MIME message (.eml): multipart/alternative, text/plain then text/html,
// UTF-8, the Subject encoded, composed by nodemailer's MailComposer. The same edition gives the
// same bytes anywhere: the Date is the issue's day (00:00 UTC), and the Message-ID and the part
// boundary are made from the issue and the content, not from the clock or chance.
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { NewsletterConfig } from '../config.js';
import { toTimestamp } from '../calendar-date.js';

/** Where site.yml names no address: a domain that can never receive mail (RFC 2606). */
export const PLACEHOLDER_FROM = 'newsletter.from in site.yml <from@newsletter-from-not-set.invalid>';
export const PLACEHOLDER_TO = 'newsletter.to in site.yml <to@newsletter-to-not-set.invalid>';

export interface MimeMessageOptions {
  subject: string;
  /** 'YYYY-MM-DD': the day the mail is dated. */
  date: string;
  /** Unique to the issue: its id. */
  issueId: string;
  /** The site's host, the right-hand side of the Message-ID. */
  host: string;
  addresses: NewsletterConfig;
  text: string;
  html: string;
}

export async function mimeMessage(options: MimeMessageOptions): Promise<Buffer> {
  const { addresses } = options;
  const digest = createHash('sha256').update(options.subject).update('\0').update(options.text).update('\0').update(options.html).digest('hex');
  const composer = new MailComposer({
    from: addresses.from ?? PLACEHOLDER_FROM,
    to: addresses.to.length > 0 ? [...addresses.to] : PLACEHOLDER_TO,
    ...(addresses.replyTo ? { replyTo: addresses.replyTo } : {}),
    subject: options.subject,
    date: new Date(toTimestamp(options.date)),
    messageId: `<${options.issueId}.${digest.slice(0, 12)}@${options.host}>`,
    baseBoundary: digest.slice(0, 24),
    text: options.text,
    html: options.html,
    textEncoding: 'base64',
  });
  return new Promise((resolve, reject) => composer.compile().build((error, message) => (error ? reject(error) : resolve(message))));
}
