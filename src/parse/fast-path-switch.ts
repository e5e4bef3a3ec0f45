// The one switch for the fast paths (docs/fast-paths.md): with DIGEST_NO_FAST_PATHS=1 in the
// environment, the build reads frontmatter with gray-matter + yaml, parses every body with
// remark-parse, writes HTML with remark-html and Atom feeds with `feed` alone, as if
// simple-frontmatter.ts, plain-markdown.ts, plain-html.ts and atom-xml.ts did not exist. Their
// output is the libraries' by construction, so the site is the same byte for byte
// (test/fast-path-switch.test.ts builds it both ways); the switch is there to show that, to
// measure what the fast paths save, and to rule them out when something looks wrong. Read once
// per process: parse workers inherit the environment.

/** Whether the fast paths may answer (false under DIGEST_NO_FAST_PATHS=1). */
export const FAST_PATHS = process.env.DIGEST_NO_FAST_PATHS !== '1';
