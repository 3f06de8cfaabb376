// Validates Kubernetes batch/v1 Jobs as the API server does with field validation Strict: values against
// Kubernetes' OpenAPI schema (kubernetes-models' generated validators: types, formats, enums, required fields),
// and every field against the API's field list (@kubernetes/client-node's generated attribute maps), so that an
// unknown field is refused as `kubectl apply --validate=strict` refuses it.
// Input on stdin: a JSON array of Jobs. Output on stdout: a JSON array with, per Job, its errors (one line each).
import { readFileSync } from "node:fs";
import { Job } from "kubernetes-models/batch/v1/Job";
import * as api from "@kubernetes/client-node";

function attributes(type) {
  const model = api[type];
  return model && typeof model.getAttributeTypeMap === "function" ? model.getAttributeTypeMap() : null;
}

// Field names the API does not know, as paths; a map or list walks into its values.
function unknownFields(value, type, path, errors) {
  if (value === null || value === undefined) return;
  const list = /^Array<(.+)>$/.exec(type);
  if (list) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, list[1], `${path}[${i}]`, errors));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) unknownFields(v, map[1], `${path}[${k}]`, errors);
    return;
  }
  const fields = attributes(type);
  if (!fields || typeof value !== "object" || Array.isArray(value)) return;
  const known = new Map(fields.map((f) => [f.baseName, f.type]));
  for (const [key, child] of Object.entries(value)) {
    if (!known.has(key)) errors.push(`${path}.${key}: unknown field "${key}"`);
    else unknownFields(child, known.get(key), `${path}.${key}`, errors);
  }
}

const jobs = JSON.parse(readFileSync(0, "utf8"));
const results = jobs.map((json) => {
  const errors = [];
  try {
    new Job(json).validate();
  } catch (e) {
    for (const error of e.errors ?? [{ instancePath: "", message: e.message }]) {
      errors.push(`${error.instancePath || "/"}: ${error.message}`);
    }
  }
  if (json.apiVersion !== "batch/v1" || json.kind !== "Job") errors.push(`/: not a batch/v1 Job`);
  unknownFields(json, "V1Job", "", errors);
  return errors;
});
process.stdout.write(JSON.stringify(results));
