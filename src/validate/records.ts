// The records validation produces: an entry as checked (the model holds it as it is) and an
// issue folder with its valid entries, for model/ to build the Site from.
import type { VFile } from 'vfile';
import type { IssueFields } from './validate-issue.js';

/** Plain, frozen data: its body is read through a BodyStore (parse/body-store.ts). */
export interface Entry {
  /** The issue's id, its folder date: '2022-11-21'. */
  readonly issueId: string;
  /** Anchor inside the issue page. */
  readonly slug: string;
  /** NN of the file name. */
  readonly order: number;
  readonly title: string;
  /** 'policy/central' */
  readonly section: string;
  /** Canonical: '全国', '湖南省', '山东省/济南市'; null when not given. */
  readonly region: string | null;
  readonly sources: readonly string[];
  readonly tags: readonly string[];
  readonly authors: readonly string[];
  readonly citation: string | null;
  /** Path relative to the site root, for messages and dependency tracking. */
  readonly sourcePath: string;
}

export interface ValidIssue {
  fields: IssueFields;
  entries: Entry[];
  /** Asset file names in the folder. */
  assets: string[];
  indexFile: VFile | null;
  /** The file that carries problems of the whole issue: index.md, or the folder's first file. */
  anchorFile: VFile;
  /** Every file of the folder: the issue page depends on them all. */
  sourcePaths: string[];
}
