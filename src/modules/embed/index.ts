// What other modules use from the embed module.
export { embedRoutes } from './routes.ts';
export { oembedLinkTag } from './oembed.ts';
export { persistedOperations } from './persisted-operations.ts';
