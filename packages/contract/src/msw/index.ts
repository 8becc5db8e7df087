export * from './problem.js';
export * from './services.js';
export * from './panels.js';
export * from './interaction-store.js';
export * from './session.js';
export * from './operations.js';
export * from './approvals.js';
export * from './audit.js';
