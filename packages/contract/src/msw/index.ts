export * from './problem.js';
export * from './services.js';
export * from './panels.js';
