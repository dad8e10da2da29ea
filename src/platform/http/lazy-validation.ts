import { createRequire } from 'node:module';

/**
 * Route schemas compiled on a route's first request instead of at start. Ajv's compiling of every
 * route's schema was about a quarter of a cold start; most routes of a process never run. The
 * compiler is Fastify's own (@fastify/ajv-compiler, resolved from Fastify's install so that it is
 * the very version Fastify would use), with the app's Ajv options: validation, coercion, defaults
 * and error objects are exactly the eager ones. A schema Ajv cannot compile fails its route's first
 * request (as a 500) instead of the start; the test suite runs every route.
 */
type RouteSchemaDef = { schema: unknown; method: string; url: string; httpPart?: string };
type ValidateFn = ((data: unknown) => unknown) & { errors?: unknown };
type CompileFn = (def: RouteSchemaDef) => ValidateFn;
type BuildValidator = (externalSchemas: unknown, options: unknown) => CompileFn;

const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const AjvCompiler = fromFastify('@fastify/ajv-compiler') as () => BuildValidator;

export function lazyValidatorFactory(): BuildValidator {
  const build = AjvCompiler();
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (def) => {
      let fn: ValidateFn | undefined;
      const validate: ValidateFn = (data) => {
        fn ??= compile(def);
        const ok = fn(data);
        validate.errors = fn.errors;
        return ok;
      };
      validate.errors = null;
      return validate;
    };
  };
}
