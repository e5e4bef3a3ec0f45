// `digest newsletter`: an issue as a mail (.eml) or as a fragment for WeChat's editor, from the
// site as `digest build` makes it (drafts left out), to standard output or to --out FILE.
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from '../build.js';
import { parseCalendarDate } from '../calendar-date.js';
import { COMMON_OPTIONS, EXIT, UsageError, type Command } from '../command.js';
import { formatReport } from '../report.js';
import type { EditionFormat } from './editions.js';

const FORMATS: readonly EditionFormat[] = ['email', 'wechat'];

export const newsletterCommand: Command = {
  summary: 'an issue as a mail (.eml) or a WeChat article',
  usage: `digest newsletter [--root DIR] [--week YYYY-MM-DD] [--format email|wechat] [--out FILE]

Makes the newsletter edition of an issue, the latest one unless --week names another, from the
site as \`digest build\` makes it (drafts are left out). email: a whole MIME message (.eml),
text and HTML, addressed as site.yml's newsletter: block says (placeholders where it does not).
wechat: an HTML fragment to paste into WeChat's article editor, outside links as numbered notes.
Details: docs/newsletter.md.

  --root DIR        site root holding content/ (default: .)
  --week DATE       the issue of that week: its folder date, or any day of its period
  --format FORMAT   email (default) or wechat
  --out FILE        write it to FILE instead of standard output`,
  options: { ...COMMON_OPTIONS, week: { type: 'string' }, format: { type: 'string', default: 'email' }, out: { type: 'string' } },
  async run(values) {
    const format = String(values.format);
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format "${format}"; use email or wechat`);
    const week = values.week === undefined ? null : String(values.week);
    if (week !== null && parseCalendarDate(week) === null) throw new UsageError(`--week "${week}" is not a date; write it as YYYY-MM-DD, such as 2022-11-21`);
    const out = values.out === undefined ? null : path.resolve(String(values.out));
    if (out !== null && (await isFolder(out))) throw new UsageError(`--out ${String(values.out)} is a folder; name the file to write, such as ${path.join(String(values.out), 'issue.eml')}`);
    const root = path.resolve(String(values.root));
    const result = await build({ root, write: false });
    process.stderr.write(formatReport(result.files, 'text', { color: process.stderr.isTTY }));
    if (!result.ok || !result.site || !result.bodies) {
      process.stderr.write('digest newsletter: the content has errors; nothing was written\n');
      return EXIT.content;
    }
    const { site, bodies } = result;
    // The mail's libraries (juice, nodemailer, an HTML parser) load only for this command.
    const { emailEdition, issueOfWeek, wechatEdition } = await import('./editions.js');
    const latest = site.issues.at(-1);
    if (!latest) throw new UsageError('the site has no published issue yet (drafts have no newsletter until they are published)');
    const issue = week === null ? latest : issueOfWeek(site, week);
    if (!issue) throw new UsageError(`--week ${week}: no published issue covers that week (the latest is ${latest.id}; a draft has no newsletter until it is published)`);
    let bytes: Buffer;
    if ((format as EditionFormat) === 'email') {
      const edition = await emailEdition({ site, bodies, issue });
      for (const missing of edition.placeholders) {
        process.stderr.write(`digest newsletter: site.yml gives no newsletter.${missing}; the message has a placeholder address (.invalid) there\n`);
      }
      bytes = edition.message;
    } else {
      bytes = Buffer.from(wechatEdition({ site, bodies, issue }));
    }
    if (out === null) {
      process.stdout.write(bytes);
      return EXIT.ok;
    }
    // Written whole or not at all: a reader never sees half a message.
    const temporary = `${out}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, out);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    process.stderr.write(`digest newsletter: the ${format} edition of ${issue.id} is in ${path.relative(process.cwd(), out) || out}\n`);
    return EXIT.ok;
  },
};

async function isFolder(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}
