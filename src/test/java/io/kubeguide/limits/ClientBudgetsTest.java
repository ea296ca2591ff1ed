package io.kubeguide.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientBudgetsTest {

    @Test
    void eachAddressHasItsBudgetAndAllShareTheGlobalOne() {
        ClientBudgets budgets = new ClientBudgets("things", 3, 2, Duration.ofMinutes(1));
        assertThat(budgets.take("192.0.2.1")).isEmpty();
        assertThat(budgets.take("192.0.2.1")).isEmpty();
        assertThat(budgets.take("192.0.2.1")).get().satisfies(r -> {
            assertThat(r.perClient()).isTrue();
            assertThat(r.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
        });
        assertThat(budgets.take("192.0.2.2")).isEmpty();
        assertThat(budgets.take("192.0.2.3"))
                .get()
                .extracting(ClientBudgets.Refusal::perClient)
                .isEqualTo(false);
    }

    @Test
    void anIpv6NetworkIsOneClient() {
        assertThat(ClientBudgets.key("2001:db8:1:2::5"))
                .isEqualTo(ClientBudgets.key("2001:db8:1:2:ffff::9"))
                .isEqualTo("20010db800010002::/64");
        assertThat(ClientBudgets.key("2001:db8:1:3::5")).isNotEqualTo(ClientBudgets.key("2001:db8:1:2::5"));
        assertThat(ClientBudgets.key("203.0.113.9")).isEqualTo("203.0.113.9");
        ClientBudgets budgets = new ClientBudgets("things", 100, 1, Duration.ofMinutes(1));
        assertThat(budgets.take("2001:db8:1:2::5")).isEmpty();
        assertThat(budgets.take("2001:db8:1:2::6")).isPresent();
    }
}
