package dev.evalgate.gateway.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.gateway.scale.KubernetesActionConfig;
import dev.evalgate.gateway.scale.ScaleActionConfig;
import dev.evalgate.gateway.scale.ScaleSchedule;
import dev.evalgate.gateway.scale.ScaleToZeroConfig;
import dev.evalgate.gateway.scale.WebhookActionConfig;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Prints a provider's {@code scale_to_zero} in the YAML schema. Every webhook header value is
 * masked, and a webhook URL's query too: either may carry a token.
 */
final class ScaleDescriber {

    private ScaleDescriber() {}

    static void describe(ObjectNode node, ScaleToZeroConfig c) {
        node.put("idle", Units.formatDuration(c.idle()));
        ScaleSchedule s = c.schedule();
        if (s != null) {
            ObjectNode schedule = node.putObject("schedule");
            ArrayNode days = schedule.putArray("days");
            for (DayOfWeek d : DayOfWeek.values()) {
                if (s.days().contains(d)) {
                    days.add(
                            d.getDisplayName(TextStyle.SHORT, Locale.ROOT)
                                    .toLowerCase(Locale.ROOT));
                }
            }
            schedule.put("from", clock(s.fromMinute()))
                    .put("to", clock(s.toMinute()))
                    .put("zone", s.zone().getId());
        }
        node.putObject("health")
                .put("url", UpstreamValues.redact(c.healthUrl().toString()))
                .put("interval", Units.formatDuration(c.healthInterval()));
        node.put("wake_timeout", Units.formatDuration(c.wakeTimeout()));
        if (c.hourlyCostUsd() != null) {
            node.put("hourly_cost_usd", c.hourlyCostUsd());
        }
        action(node, "scale_down", c.scaleDown());
        action(node, "scale_up", c.scaleUp());
    }

    private static void action(ObjectNode parent, String key, ScaleActionConfig a) {
        if (a.external()) {
            parent.put(key, "external");
            return;
        }
        ObjectNode node = parent.putObject(key);
        WebhookActionConfig w = a.webhook();
        if (w != null) {
            ObjectNode n =
                    node.putObject("webhook")
                            .put("method", w.method())
                            .put("url", UpstreamValues.redact(w.url().toString()));
            ObjectNode headers = n.putObject("headers");
            w.headers().keySet().forEach(h -> headers.put(h, Problems.MASK));
            if (w.body() != null) {
                n.put("body", w.body());
            }
            n.put("timeout", Units.formatDuration(w.timeout()));
            return;
        }
        KubernetesActionConfig k = a.kubernetes();
        ObjectNode n =
                node.putObject("kubernetes")
                        .put("kind", k.kind())
                        .put("namespace", k.namespace())
                        .put("name", k.name());
        if (k.replicas() > 0) {
            n.put("replicas", k.replicas());
        }
        if (k.kubeconfig() != null) {
            n.put("kubeconfig", k.kubeconfig());
        }
        if (k.context() != null) {
            n.put("context", k.context());
        }
    }

    private static String clock(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }
}
