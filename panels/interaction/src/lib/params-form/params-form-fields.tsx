import { useId } from 'react';
import type { FormField } from './schema';
import type { ParamsFormState } from './use-params-form';

/** One control per schema property, each with its label, hint and in-place error. */
export function ParamsFormFields({ form }: { form: ParamsFormState }) {
  if (form.fields.length === 0)
    return <p className="pi-muted">This operation takes no parameters.</p>;
  return (
    <div className="pi-fields">
      {form.fields.map((field) => (
        <FieldControl key={field.name} field={field} form={form} />
      ))}
      {form.unplaced.length > 0 && (
        <ul className="pi-field__error" aria-label="Other problems with the parameters">
          {form.unplaced.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function FieldControl({ field, form }: { field: FormField; form: ParamsFormState }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const value = form.values[field.name] ?? '';
  const error = form.errors[field.name];
  const describedBy =
    [field.description && hintId, error && errorId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: field.name,
    required: field.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onBlur: () => form.touch(field.name),
  } as const;

  const labelClass = `pi-field__label${field.required ? ' pi-field__label--required' : ''}`;
  const hint = field.description && (
    <p id={hintId} className="pi-field__hint">
      {field.description}
    </p>
  );
  const message = error && (
    <p id={errorId} className="pi-field__error">
      {error}
    </p>
  );

  if (field.kind === 'boolean') {
    return (
      <div className="pi-field pi-field--checkbox">
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => form.setValue(field.name, e.target.checked)}
        />
        <label htmlFor={id} className={labelClass}>
          {field.label}
        </label>
        {hint}
        {message}
      </div>
    );
  }

  let control;
  if (field.kind === 'enum') {
    control = (
      <select
        {...common}
        className="pi-input"
        value={String(value)}
        onChange={(e) => form.setValue(field.name, e.target.value)}
      >
        {(!field.required || field.default === undefined) && (
          <option value="">{field.required ? 'Choose…' : '—'}</option>
        )}
        {field.options?.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'json') {
    control = (
      <textarea
        {...common}
        className="pi-input pi-input--code"
        rows={3}
        value={String(value)}
        onChange={(e) => form.setValue(field.name, e.target.value)}
      />
    );
  } else {
    const numeric = field.kind === 'number' || field.kind === 'integer';
    control = (
      <input
        {...common}
        className="pi-input"
        type={numeric ? 'number' : 'text'}
        inputMode={field.kind === 'integer' ? 'numeric' : undefined}
        min={field.minimum}
        max={field.maximum}
        step={field.kind === 'integer' ? 1 : numeric ? 'any' : undefined}
        minLength={field.minLength}
        placeholder={field.format === 'date-time' ? '2026-11-27T12:00:00Z' : undefined}
        value={String(value)}
        onChange={(e) => form.setValue(field.name, e.target.value)}
      />
    );
  }

  return (
    <div className="pi-field">
      <label htmlFor={id} className={labelClass}>
        {field.label}
      </label>
      {control}
      {hint}
      {message}
    </div>
  );
}
