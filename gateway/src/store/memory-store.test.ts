import { MemoryResultStore } from './memory-store.js';
import { resultStoreSuite } from './store.suite.js';

resultStoreSuite('MemoryResultStore', (options) => new MemoryResultStore(options));
