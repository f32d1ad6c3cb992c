package dev.evalgate.gateway.scale;

import dev.evalgate.gateway.metrics.PowerReadings;

/** A provider's figures as the meters read them at scrape time: one snapshot per reading. */
final class PowerReadout implements PowerReadings {

    private final ProviderPower power;

    PowerReadout(ProviderPower power) {
        this.power = power;
    }

    @Override
    public int stateValue() {
        return power.snapshot().state().gaugeValue();
    }

    @Override
    public double idleSeconds() {
        return power.snapshot().idleSeconds();
    }

    @Override
    public int inFlight() {
        return power.snapshot().inFlight();
    }

    @Override
    public int waiting() {
        return power.snapshot().waiting();
    }

    @Override
    public long scaleEvents(boolean up, boolean ok) {
        PowerSnapshot s = power.snapshot();
        return up
                ? (ok ? s.scaleUps() : s.scaleUpFailures())
                : (ok ? s.scaleDowns() : s.scaleDownFailures());
    }

    @Override
    public long idleCostMicros() {
        return power.snapshot().idleCostMicros();
    }

    @Override
    public long downSavedMicros() {
        return power.snapshot().downSavedMicros();
    }
}
