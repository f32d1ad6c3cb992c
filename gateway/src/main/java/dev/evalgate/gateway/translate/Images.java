package dev.evalgate.gateway.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Set;

/**
 * Images: an OpenAI {@code image_url} part (an http(s) URL or a base64 {@code data:} URL) and an
 * Anthropic {@code image} block (a {@code url} or {@code base64} source).
 */
final class Images {
    private static final Set<String> ANTHROPIC_MEDIA_TYPES =
            Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    private static final String BASE64_MARKER = ";base64,";

    private Images() {}

    /** An OpenAI {@code image_url} part (already known to have that type) as an Anthropic block. */
    static ObjectNode toAnthropic(Fields part) throws UntranslatableException {
        Fields image = Fields.of(part.required("image_url"), part.path("image_url"), part.target());
        String url = image.requiredText("url");
        image.refuseUnless(
                "detail",
                TextNode.valueOf("auto"),
                "it has no image detail setting; send \"auto\" or leave it out");
        image.refuseRest();
        ObjectNode source = Json.object();
        if (url.startsWith("data:")) {
            int marker = url.indexOf(BASE64_MARKER);
            String mediaType = marker < 0 ? "" : url.substring("data:".length(), marker);
            if (!ANTHROPIC_MEDIA_TYPES.contains(mediaType)) {
                throw UntranslatableException.refused(
                        image.path("url"),
                        null,
                        Protocol.ANTHROPIC,
                        "it takes base64 data URLs of image/jpeg, image/png, image/gif or"
                                + " image/webp only");
            }
            source.put("type", "base64");
            source.put("media_type", mediaType);
            source.put("data", url.substring(marker + BASE64_MARKER.length()));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw UntranslatableException.invalid(image.path("url"), "an http(s) or data: URL");
        }
        ObjectNode block = Json.object().put("type", "image");
        block.set("source", source);
        return block;
    }

    /** An Anthropic {@code image} block (already known to have that type) as an OpenAI part. */
    static ObjectNode toOpenAi(Fields block) throws UntranslatableException {
        block.drop("cache_control");
        Fields source = Fields.of(block.required("source"), block.path("source"), block.target());
        String type = source.requiredText("type");
        String url;
        switch (type) {
            case "base64" ->
                    url =
                            "data:"
                                    + source.requiredText("media_type")
                                    + BASE64_MARKER
                                    + source.requiredText("data");
            case "url" -> url = source.requiredText("url");
            default ->
                    throw UntranslatableException.refused(
                            source.path("type"),
                            TextNode.valueOf(type),
                            Protocol.OPENAI,
                            "its image parts take a URL or base64 data only");
        }
        source.refuseRest();
        block.refuseRest();
        ObjectNode part = Json.object().put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }
}
