// Per-file schemas of the content format: issue index.md and entry frontmatter.
import { z } from 'zod';
import { parseCalendarDate } from '../calendar-date.js';

const text = z.string().trim().min(1, 'must not be empty');

const calendarDate = z
  .string({ error: 'expected a date written as YYYY-MM-DD' })
  .refine((value) => parseCalendarDate(value) !== null, 'expected a real date written as YYYY-MM-DD');

const stringList = z.union([text, z.array(text).min(1, 'give at least one')]).transform((value) => (typeof value === 'string' ? [value] : value));

export const entrySchema = z.strictObject({
  title: text,
  section: text,
  source: stringList,
  region: text.optional(),
  tags: z.array(text).default([]),
  authors: stringList.optional(),
  citation: text.optional(),
});

export type EntryFrontmatter = z.infer<typeof entrySchema>;

export const issueSchema = z.strictObject({
  title: text.optional(),
  number: z.int().positive('must be 1 or more').optional(),
  editor: text.optional(),
  published: calendarDate.optional(),
  original_url: z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' }).optional(),
  end: calendarDate.optional(),
  draft: z.boolean().default(false),
});

export type IssueFrontmatter = z.infer<typeof issueSchema>;
