// The keys of the dependency graph: what a page reads (route/page-dependencies.ts) and what a
// change set touches (site-changes.ts) are named alike, so that one answers the other.
// - `entry:<sourcePath>`: an entry, everything about it (its file);
// - `issue:<id>`: an issue's header (its fields, note, assets and entry count);
// - `issues`: the list of issues and their headers (home, archive, years);
// - `term:<taxonomy>:<key>`: a term's entry list, counts and children;
// - `taxonomy:<id>`: a taxonomy's terms with their counts.
// Inputs every page reads (site.yml, build options, templates, the tool) have no key: a change
// to one of them is a change to every page.
export const entryKey = (sourcePath: string): string => `entry:${sourcePath}`;
export const issueKey = (id: string): string => `issue:${id}`;
export const ISSUES_KEY = 'issues';
export const termKey = (taxonomy: string, key: string): string => `term:${taxonomy}:${key}`;
export const taxonomyKey = (id: string): string => `taxonomy:${id}`;
