export { default } from '@aether/tsconfig/eslint';
