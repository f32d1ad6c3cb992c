package dev.evalgate.gateway.config;

/** The wire protocol an upstream provider speaks. */
public enum ProviderKind {
    /** OpenAI and every compatible server (vLLM, Ollama, Together, Groq, Azure-style URLs). */
    OPENAI("openai", "authorization"),
    /** Anthropic's Messages API. */
    ANTHROPIC("anthropic", "x-api-key");

    private final String configName;
    private final String defaultAuthHeader;

    ProviderKind(String configName, String defaultAuthHeader) {
        this.configName = configName;
        this.defaultAuthHeader = defaultAuthHeader;
    }

    /** The name used in YAML ({@code kind: openai}). */
    public String configName() {
        return configName;
    }

    /** The header that carries the upstream key unless the provider overrides it. */
    public String defaultAuthHeader() {
        return defaultAuthHeader;
    }

    /** The kind with that YAML name, or null. */
    public static ProviderKind fromConfigName(String name) {
        for (ProviderKind k : values()) {
            if (k.configName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
