package dev.evalgate.gateway.sim;

/** Which API's shapes an endpoint speaks. */
enum Protocol {
    OPENAI,
    ANTHROPIC,
    CONTROL
}
