// Types of scripts/extract-schemas.mjs for the TypeScript tests that import it.
export function parseYaml(text: string): unknown;
export const TAGS: string[];
export function extract(spec: unknown): { ops: Record<string, { tag: string; method: string; path: string; responseStatus: number | null; response: unknown; requestBody: unknown }>; cycles: string[] };
