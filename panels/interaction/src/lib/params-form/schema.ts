/**
 * The part of JSON Schema an operation's `params` may use that this form understands. Written by
 * hand (no ajv in the browser): the gateway validates again with ajv and its errors land on the
 * same fields, so this is for quick feedback, not for trust.
 */
export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export interface FormField {
  name: string;
  label: string;
  description?: string;
  kind: FieldKind;
  required: boolean;
  default?: unknown;
  options?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

/** What the user typed, per field: strings for inputs and selects, booleans for checkboxes. */
export type FormValues = Record<string, string | boolean>;

type JsonSchema = Record<string, unknown>;

const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The fields of an object schema, in the order its properties are written. */
export function fieldsFromSchema(schema: JsonSchema): FormField[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    label: str(property.title) ?? name,
    description: str(property.description),
    kind: kindOf(property),
    required: required.has(name),
    default: property.default,
    options: Array.isArray(property.enum) ? (property.enum as Array<string | number>) : undefined,
    minimum: num(property.minimum),
    maximum: num(property.maximum),
    minLength: num(property.minLength),
    maxLength: num(property.maxLength),
    pattern: str(property.pattern),
    format: str(property.format),
  }));
}

function kindOf(property: JsonSchema): FieldKind {
  if (Array.isArray(property.enum)) return 'enum';
  switch (property.type) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      // Objects, arrays and untyped properties: typed as JSON, parsed on submit.
      return 'json';
  }
}

/** Start values: the schema's defaults, unchecked boxes, empty inputs. */
export function initialValues(fields: FormField[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    if (field.kind === 'boolean') values[field.name] = field.default === true;
    else if (field.kind === 'json')
      values[field.name] = field.default === undefined ? '' : JSON.stringify(field.default);
    else values[field.name] = field.default === undefined ? '' : String(field.default);
  }
  return values;
}

/** The message to show under a field, or undefined when its value is acceptable. */
export function validateField(field: FormField, raw: string | boolean): string | undefined {
  if (field.kind === 'boolean') return undefined;
  const text = String(raw).trim();
  if (text === '') return field.required ? 'Required' : undefined;
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const value = Number(text);
      if (!Number.isFinite(value)) return 'Must be a number';
      if (field.kind === 'integer' && !Number.isInteger(value)) return 'Must be a whole number';
      if (field.minimum !== undefined && value < field.minimum)
        return `Must be at least ${field.minimum}`;
      if (field.maximum !== undefined && value > field.maximum)
        return `Must be at most ${field.maximum}`;
      return undefined;
    }
    case 'enum':
      return field.options?.some((o) => String(o) === text)
        ? undefined
        : `Choose one of: ${field.options?.join(', ')}`;
    case 'json':
      try {
        JSON.parse(text);
        return undefined;
      } catch {
        return 'Must be valid JSON';
      }
    default: {
      if (field.minLength !== undefined && text.length < field.minLength)
        return `At least ${field.minLength} characters`;
      if (field.maxLength !== undefined && text.length > field.maxLength)
        return `At most ${field.maxLength} characters`;
      if (field.pattern !== undefined && !safeTest(field.pattern, text))
        return `Must match the pattern ${field.pattern}`;
      if (field.format === 'date-time' && Number.isNaN(Date.parse(text)))
        return 'Must be a date and time, e.g. 2026-11-27T12:00:00Z';
      return undefined;
    }
  }
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return true; // A pattern this browser cannot compile is left to the gateway.
  }
}

export interface CollectedParams {
  params: Record<string, unknown>;
  errors: Record<string, string>;
}

/** Typed params for the gateway (empty optional fields left out) and the errors that block sending. */
export function collectParams(fields: FormField[], values: FormValues): CollectedParams {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.name] ?? '';
    const error = validateField(field, raw);
    if (error) {
      errors[field.name] = error;
      continue;
    }
    if (field.kind === 'boolean') {
      params[field.name] = raw === true;
      continue;
    }
    const text = String(raw).trim();
    if (text === '') continue;
    if (field.kind === 'number' || field.kind === 'integer') params[field.name] = Number(text);
    else if (field.kind === 'json') params[field.name] = JSON.parse(text);
    else if (field.kind === 'enum')
      params[field.name] = field.options?.find((o) => String(o) === text) ?? text;
    else params[field.name] = text;
  }
  return { params, errors };
}

/** Maps the gateway's located errors ("body.params.region", "/region", "$.region") onto field names. */
export function fieldErrorsFromProblem(
  errors: Array<{ path: string; message: string }> | undefined,
  fields: FormField[],
) {
  const byField: Record<string, string> = {};
  const unplaced: string[] = [];
  const names = new Set(fields.map((f) => f.name));
  for (const { path, message } of errors ?? []) {
    const name = path.replace(/^(\$\.|\/)?(body[./])?(params[./])?/, '').split(/[./[]/)[0] ?? '';
    const missing = /required property '([^']+)'/.exec(message)?.[1];
    const target = names.has(name) ? name : missing && names.has(missing) ? missing : undefined;
    if (target) byField[target] = message;
    else unplaced.push(path ? `${path}: ${message}` : message);
  }
  return { byField, unplaced };
}
