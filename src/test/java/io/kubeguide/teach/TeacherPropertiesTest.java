package io.kubeguide.teach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class TeacherPropertiesTest {

    private static TeacherProperties withHash(String hash) {
        return new TeacherProperties(null, hash, null, null);
    }

    @Test
    void noHashMeansNoPasswordSignInAndNoDefaultPassword() {
        TeacherProperties none = withHash("  ");
        assertThat(none.passwordSignIn()).isFalse();
        assertThat(none.username()).isEqualTo("teacher");
        assertThat(none.signInsPerMinutePerClient()).isEqualTo(5);
    }

    @Test
    void acceptsTaggedAndBareHashes() {
        String bcrypt = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2Y, 4).encode("pw");
        assertThat(withHash("{bcrypt}" + bcrypt).passwordSignIn()).isTrue();
        assertThat(withHash(bcrypt).passwordSignIn()).isTrue(); // as htpasswd prints it
        assertThat(withHash("{argon2@SpringSecurity_v5_8}"
                                + Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()
                                        .encode("pw"))
                        .passwordSignIn())
                .isTrue();
    }

    @Test
    void refusesAPasswordInPlaceOfItsHash() {
        for (String notAHash : new String[] {"hunter2", "{noop}hunter2", "{bcrypt}hunter2", "{sha256}abc"}) {
            assertThatThrownBy(() -> withHash(notAHash))
                    .as(notAHash)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a password hash")
                    .hasMessageNotContaining(notAHash.replaceFirst("^\\{[^}]*}", ""));
        }
    }

    @Test
    void toStringShowsNoHash() {
        String bcrypt = new BCryptPasswordEncoder(4).encode("pw");
        assertThat(withHash(bcrypt).toString()).doesNotContain(bcrypt).contains("passwordSignIn=true");
    }
}
