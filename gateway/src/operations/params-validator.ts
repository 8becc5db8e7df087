import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS (module.exports = the plugin); its types describe only `.default`.
const addFormats = formatsModule as unknown as typeof formatsModule.default;
import type { FieldError } from '../domain/refusal.js';

/**
 * Validates operation params against the operation's JSON Schema. Validators are compiled once
 * per schema object (the config is immutable while it is loaded).
 */
export class ParamsValidator {
  // strict: false lets config authors use annotations ajv does not know (title, x-…); `format`
  // is checked (ajv-formats): without it "format": "uuid" or "email" let anything through.
  private readonly ajv = addFormats(
    new Ajv({
      allErrors: true,
      strict: false,
      useDefaults: true,
      coerceTypes: false,
    }),
  );
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  /** Field errors, empty when valid. Defaults from the schema are filled into `params` in place. */
  validate(schema: Record<string, unknown>, params: Record<string, unknown>): FieldError[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    if (validate(params)) return [];
    return (validate.errors ?? []).map(toFieldError);
  }
}

/** ajv's instancePath (/a/0) plus the property it names, as body.params.a[0].b. */
function toFieldError(error: ErrorObject): FieldError {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') segments.push(String(params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(params.additionalProperty));
  let path = 'body.params';
  for (const s of segments) path += /^\d+$/.test(s) ? `[${s}]` : `.${s}`;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'enum')
    message = `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'additionalProperties') message = 'is not a parameter of this operation';
  return { path, message };
}
