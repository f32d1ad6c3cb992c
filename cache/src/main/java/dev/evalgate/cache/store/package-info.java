/**
 * Where cached answers live: the binary envelope ({@link dev.evalgate.cache.store.AnswerCodec}),
 * the store contract ({@link dev.evalgate.cache.store.AnswerStore}) and the in-process tiers
 * ({@link dev.evalgate.cache.store.L1Store}, {@link dev.evalgate.cache.store.TieredStore}).
 */
package dev.evalgate.cache.store;
