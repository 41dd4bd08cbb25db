// Distinct GraphQL documents an anonymous client can send to pin memory: the flood of issue 13 and the shapes dearest per byte.

/** Comment text to pad a document to about `size` characters; `i` makes it distinct. */
const padding = (i: number, size: number) => `# ${i} ${'x'.repeat(Math.max(0, size - 24))}\n`;

export const floodShapes = {
  /** Refused by the parser: Yoga keeps the error. */
  syntaxError: (i: number, size: number) => `{ organisations(first: 1) { nodes { name } } ${padding(i, size)} ) }`,
  /** Valid, but the compiled path leaves directives to Pothos: Yoga keeps it parsed, the compiled path a refusal. */
  directive: (i: number, size: number) =>
    `query Flood${i} { organisations(first: 1) @include(if: true) { nodes { name slug } } }\n${padding(i, size)}`,
  /** Valid and compilable: a compiled document, a rendered statement and a cached response each. */
  adHoc: (i: number, size: number) => `query Flood${i} { organisations(first: 2) { totalCount nodes { slug name } } }\n${padding(i, size)}`,
  /** As many tokens as the parser allows (2,000) in a few KB: about 1 MB parsed. */
  dense: (i: number) => `query Flood${i} { organisations(first: 1) { nodes { ${'slug '.repeat(1960)} } } }`,
  /** Comment lines, which the token bound does not count: a token every two characters (three in the JSON body). */
  commentLines: (i: number, size: number) =>
    `query Flood${i} { organisations(first: 1) { nodes { slug } } }\n${'#\n'.repeat(Math.floor(size / 3))}`,
} satisfies Record<string, (i: number, size: number) => string>;

export type FloodShape = keyof typeof floodShapes;

/** The `n`th document of a flood cycling through every shape. */
export function floodDocument(n: number, size: number): { shape: FloodShape; query: string } {
  const shapes = Object.keys(floodShapes) as FloodShape[];
  const shape = shapes[n % shapes.length]!;
  return { shape, query: floodShapes[shape](n, size) };
}
