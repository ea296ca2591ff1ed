package io.kubeguide.sandbox;

import io.kubeguide.metrics.GuideMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Gauges of the guide's sandboxes: how many are in each state, and how many learners wait in line. */
@Component
class SandboxMeters implements MeterBinder {

    private final SandboxService sandboxes;

    SandboxMeters(SandboxService sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (SandboxState state : SandboxState.values()) {
            if (state == SandboxState.NONE) {
                continue; // a learner without a sandbox holds no slot
            }
            Gauge.builder(
                            GuideMetrics.SANDBOXES,
                            sandboxes,
                            s -> s.countsByState().getOrDefault(state, 0L))
                    .description("Learners' sandboxes of this guide instance, by state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder(GuideMetrics.QUEUE_LENGTH, sandboxes, SandboxService::waitingCount)
                .description("Learners waiting in line for a sandbox")
                .register(registry);
    }
}
