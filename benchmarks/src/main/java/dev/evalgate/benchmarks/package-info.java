/**
 * JMH benchmarks of the functions every cached request runs: canonicalise and key the body, encode
 * and decode the stored envelope, re-emit a stored answer as SSE. {@code bench/jmh.sh} builds and
 * runs them with the allocation profiler; {@code docs/benchmarks.md} holds the figures.
 */
package dev.evalgate.benchmarks;
