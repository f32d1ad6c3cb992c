package dev.evalgate.gateway.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.evalgate.gateway.scale.PowerSnapshot;
import dev.evalgate.gateway.scale.ProviderPower;
import dev.evalgate.gateway.scale.ScaleToZero;
import dev.evalgate.pricing.cost.Micros;

/**
 * {@code GET /admin/providers}: each scale-to-zero provider's state, idle time, scale events, last
 * wake latency, and what idling cost and scaling down saved. Money twice, as the other admin
 * answers: six-decimal {@code *_usd} strings and {@code *_micros} integers.
 */
final class PowerAdmin {

    private PowerAdmin() {}

    /** {@code {"providers": {"<name>": {…}}}}; empty without scale to zero. */
    static ObjectNode providers(ScaleToZero scaleToZero) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode providers = root.putObject("providers");
        if (scaleToZero == null) {
            return root;
        }
        for (ProviderPower p : scaleToZero.all()) {
            PowerSnapshot s = p.snapshot();
            ObjectNode n =
                    providers
                            .putObject(s.provider())
                            .put("state", s.state().label())
                            .put("idle_seconds", s.idleSeconds())
                            .put("in_flight", s.inFlight())
                            .put("waiting", s.waiting());
            n.putObject("scale_events")
                    .put("down_ok", s.scaleDowns())
                    .put("down_error", s.scaleDownFailures())
                    .put("up_ok", s.scaleUps())
                    .put("up_error", s.scaleUpFailures())
                    .put("wake_timeouts", s.wakeTimeouts());
            if (s.lastWakeMillis() < 0) {
                n.putNull("last_wake_seconds");
            } else {
                n.put("last_wake_seconds", s.lastWakeMillis() / 1000.0);
            }
            if (p.config().hourlyCostUsd() == null) {
                n.putNull("hourly_cost_usd");
            } else {
                n.put("hourly_cost_usd", Micros.format(p.config().hourlyCostMicros()));
            }
            n.put("idle_cost_usd", Micros.format(s.idleCostMicros()))
                    .put("idle_cost_micros", s.idleCostMicros())
                    .put("down_saved_usd", Micros.format(s.downSavedMicros()))
                    .put("down_saved_micros", s.downSavedMicros());
        }
        return root;
    }
}
