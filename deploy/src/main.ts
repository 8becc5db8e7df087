// Validates deploy/kubernetes (or the directory given): `npm run validate -w @aether/deploy [DIR]`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, validateBase } from './validate-base.js';

const dir =
  process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../kubernetes');
const { objects, problems } = await validateBase(dir);
for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
if (problems.length > 0) {
  console.error(`${dir}: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`${dir}: ${objects.length} objects valid (Kubernetes schemas and house rules)`);
