// Motion's animation engine, fetched after first paint (LazyMotion), so it stays out of the first view.
export { domAnimation as default } from 'motion/react';
