/** What the type guard knows of a request body: the spec's schema reduced to types (see gen-request-shapes.mjs). */
export interface BodyShape {
  type?: string;
  format?: 'date';
  /** The fields the spec marks required in this object (checked where the object is sent, below the top level). */
  required?: string[];
  properties?: Record<string, BodyShape>;
  items?: BodyShape;
  allOf?: BodyShape[];
  oneOf?: BodyShape[];
  anyOf?: BodyShape[];
}

/**
 * Keyed by `METHOD /spec/path/{param}`: the media types the body may have, its shape, and the fields the spec
 * marks required at its top level (in the spec's order).
 */
export type RequestShapes = Record<string, { operationId: string; media: string[]; body?: BodyShape; required?: string[] }>;
