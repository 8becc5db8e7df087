import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { objectName, type LoadedObject, type Problem } from './kubernetes-objects.js';

interface ModelClass {
  new (data: never): { validate(): void };
}

/** The kinds the manifests use, by `apiVersion/kind`; anything else is refused, not skipped. */
const MODELS: ReadonlyMap<string, ModelClass> = new Map<string, ModelClass>([
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/Service', Service],
  ['apps/v1/Deployment', Deployment],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
]);

/**
 * Validates one object against the Kubernetes OpenAPI schema through its kubernetes-models
 * class (constructed from the parsed manifest, then `.validate()`): wrong types, missing
 * required fields, malformed quantities and enum values.
 */
export function validateAgainstSchema({ file, data }: LoadedObject): Problem[] {
  const object = objectName(data);
  const Model = MODELS.get(`${String(data.apiVersion)}/${String(data.kind)}`);
  if (!Model) {
    return [
      {
        file,
        object,
        message: `apiVersion "${String(data.apiVersion)}" kind "${String(data.kind)}" is not one the base uses (${[...MODELS.keys()].join(', ')})`,
      },
    ];
  }
  try {
    new Model(data as never).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (!Array.isArray(errors)) return [{ file, object, message: String(error) }];
    return errors.map((e) => ({
      file,
      object,
      message: `schema: ${e.instancePath || '/'} ${e.message ?? ''}`.trim(),
    }));
  }
}
