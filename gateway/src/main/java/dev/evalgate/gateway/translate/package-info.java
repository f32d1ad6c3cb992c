/**
 * Translation between the OpenAI Chat Completions and the Anthropic Messages protocols: requests,
 * plain responses and server-sent-event streams, in both directions.
 *
 * <p>Everything here is a pure function over bytes and Jackson trees; the gateway owns the HTTP
 * exchange and decides when to translate. A request field that would change the answer and has no
 * counterpart on the other side is refused with an {@link
 * dev.evalgate.gateway.translate.UntranslatableException} naming it, never dropped. The rules are
 * tabulated in {@code docs/translation.md}.
 */
package dev.evalgate.gateway.translate;
