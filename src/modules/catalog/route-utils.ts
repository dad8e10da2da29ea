/** Route options: the operation id, its tag, its schemas (the platform refuses NUL characters on every route). */
export function route<S extends object>(operationId: string, tag: string, extra: S) {
  return { config: { operationId }, schema: { operationId, tags: [tag], ...extra } };
}
