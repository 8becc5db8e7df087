import { useMemo, useState } from 'react';
import {
  collectParams,
  fieldErrorsFromProblem,
  fieldsFromSchema,
  initialValues,
  validateField,
  type FormValues,
} from './schema';

/**
 * Form state for one operation's params: values, which fields to judge yet (touched, or all after
 * a submit), and the gateway's own located errors until the user edits that field.
 */
export function useParamsForm(schema: Record<string, unknown>) {
  const fields = useMemo(() => fieldsFromSchema(schema), [schema]);
  const [values, setValues] = useState<FormValues>(() => initialValues(fields));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);

  const errors: Record<string, string | undefined> = {};
  for (const field of fields) {
    const judged = submitted || touched.has(field.name);
    errors[field.name] =
      serverErrors[field.name] ??
      (judged ? validateField(field, values[field.name] ?? '') : undefined);
  }

  return {
    fields,
    values,
    errors,
    unplaced,
    setValue(name: string, value: string | boolean) {
      setValues((v) => ({ ...v, [name]: value }));
      setServerErrors(({ [name]: _, ...rest }) => rest);
    },
    touch(name: string) {
      setTouched((t) => new Set(t).add(name));
    },
    /** Params ready to send, or undefined (and every error shown) when something is invalid. */
    submit(): Record<string, unknown> | undefined {
      setSubmitted(true);
      setUnplaced([]);
      const collected = collectParams(fields, values);
      return Object.keys(collected.errors).length === 0 ? collected.params : undefined;
    },
    /** Puts the gateway's 400 `errors` next to the fields they name. */
    showServerErrors(problemErrors: Array<{ path: string; message: string }> | undefined) {
      const placed = fieldErrorsFromProblem(problemErrors, fields);
      setServerErrors(placed.byField);
      setUnplaced(placed.unplaced);
    },
  };
}

export type ParamsFormState = ReturnType<typeof useParamsForm>;
