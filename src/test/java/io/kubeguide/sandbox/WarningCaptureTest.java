package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarningCaptureTest {

    @Test
    void readsTheTextOfAWarningHeader() {
        assertThat(WarningCapture.text("299 - \"would violate PodSecurity \\\"restricted:latest\\\": "
                        + "allowPrivilegeEscalation != false\""))
                .isEqualTo("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false");
        assertThat(WarningCapture.text("299 - \"plain\" \"Mon, 01 Jan 2024 00:00:00 GMT\""))
                .isEqualTo("plain");
        assertThat(WarningCapture.text("not an RFC warning")).isEqualTo("not an RFC warning");
    }
}
