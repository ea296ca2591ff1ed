package io.kubeguide.exercise.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ValueMatcherTest {

    @Test
    void quantitiesCompareByAmount() {
        assertThat(ValueMatcher.same("1073741824", "1Gi", null)).isTrue();
        assertThat(ValueMatcher.same("1024Mi", "1Gi", null)).isTrue();
        assertThat(ValueMatcher.same("1Gi", "1Gi", null)).isTrue();
        assertThat(ValueMatcher.same("1G", "1Gi", null)).as("10^9 is not 2^30").isFalse();
        assertThat(ValueMatcher.same("2Gi", "1Gi", null)).isFalse();
        assertThat(ValueMatcher.same("500m", "0.5", "quantity")).isTrue();
    }

    @Test
    void numbersCompareAsNumbersWhicheverWayTheyWereWritten() {
        assertThat(ValueMatcher.same(80, new BigDecimal("80"), null)).isTrue();
        assertThat(ValueMatcher.same(80, "80", null)).isTrue();
        assertThat(ValueMatcher.same(8080, "80", null)).isFalse();
        assertThat(ValueMatcher.same("http", new BigDecimal("8080"), null)).isFalse();
        assertThat(ValueMatcher.same(8080, "http", null)).isFalse();
    }

    @Test
    void booleansCompareAsBooleans() {
        assertThat(ValueMatcher.same(false, "false", null)).isTrue();
        assertThat(ValueMatcher.same(true, Boolean.TRUE, null)).isTrue();
        assertThat(ValueMatcher.same("no", Boolean.FALSE, null)).isFalse();
    }

    @Test
    void dnsNamesIgnoreATrailingDotAndCase() {
        assertThat(ValueMatcher.same("payments.example.com.", "payments.example.com", null))
                .isTrue();
        assertThat(ValueMatcher.same("Payments.Example.com", "payments.example.com", null))
                .isTrue();
        assertThat(ValueMatcher.same("api.payments.example.com", "payments.example.com", null))
                .isFalse();
        assertThat(ValueMatcher.same("payments.example.com.evil", "payments.example.com", null))
                .isFalse();
    }

    @Test
    void otherStringsCompareExactly() {
        assertThat(ValueMatcher.same("ClusterIP", "ClusterIP", null)).isTrue();
        assertThat(ValueMatcher.same("clusterip", "ClusterIP", null)).isFalse();
        assertThat(ValueMatcher.same("/data", "/data", null)).isTrue();
    }

    @Test
    void rangesTakeNumbersAndQuantities() {
        assertThat(ValueMatcher.within(30080, new BigDecimal(30000), new BigDecimal(32767)))
                .isTrue();
        assertThat(ValueMatcher.within(80, new BigDecimal(30000), null)).isFalse();
        assertThat(ValueMatcher.within("2Gi", new BigDecimal("1073741824"), null))
                .isTrue();
        assertThat(ValueMatcher.within("lots", null, null)).isFalse();
    }
}
