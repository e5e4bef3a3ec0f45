// Places (where each frontmatter key was written) are read only to report a problem, yet as
// objects they are about half of a parse summary: a dozen small objects per file for 16,000
// files, which a parse worker would clone and the main thread keep. Packed into one string they
// cross threads and sit in the build cache cheaply, and are decoded for the few summaries whose
// places are ever read.
import type { ParsedSummary } from './parse-document.js';
import type { Places } from './yaml.js';

/** 'P': key TAB line TAB column, one a line; 'J': JSON, for keys with a tab or newline in them. */
export function packPlaces(places: Places): string {
  // Written out by hand: a parse worker packs a dozen places for each of thousands of files.
  let packed = 'P';
  for (const key of Object.keys(places)) {
    if (key.includes('\t') || key.includes('\n')) return `J${JSON.stringify(places)}`;
    const place = places[key]!;
    packed += `${packed === 'P' ? '' : '\n'}${key}\t${place.line}\t${place.column}`;
  }
  return packed;
}

/** The places packPlaces packed, each key an own property of a plain object (as a clone has them). */
export function unpackPlaces(packed: string): Places {
  if (packed.startsWith('J')) return JSON.parse(packed.slice(1)) as Places;
  const body = packed.slice(1);
  return Object.fromEntries(
    (body === '' ? [] : body.split('\n')).map((line) => {
      const [key = '', row = '1', column = '1'] = line.split('\t');
      return [key, { line: Number(row), column: Number(column) }];
    }),
  );
}

/** A summary as a parse worker sends it: its places packed. */
export type SummaryWithPackedPlaces = Omit<ParsedSummary, 'places'> & { packedPlaces: string };

export function withPackedPlaces(summary: ParsedSummary): SummaryWithPackedPlaces {
  const { data, blank, frontmatterEndLine, problems, facts } = summary;
  return { data, blank, frontmatterEndLine, problems, facts, packedPlaces: packPlaces(summary.places) };
}

/** A summary whose places are decoded when first read. A class: no closures per summary. */
export class PackedSummary implements ParsedSummary {
  readonly data: ParsedSummary['data'];
  readonly blank: boolean;
  readonly frontmatterEndLine: number;
  readonly problems: ParsedSummary['problems'];
  readonly facts: ParsedSummary['facts'];
  readonly packedPlaces: string;
  #places: Places | undefined;

  constructor(packed: SummaryWithPackedPlaces) {
    this.data = packed.data;
    this.blank = packed.blank;
    this.frontmatterEndLine = packed.frontmatterEndLine;
    this.problems = packed.problems;
    this.facts = packed.facts;
    this.packedPlaces = packed.packedPlaces;
  }

  get places(): Places {
    return (this.#places ??= unpackPlaces(this.packedPlaces));
  }
}
