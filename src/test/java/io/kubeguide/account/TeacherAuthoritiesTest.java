package io.kubeguide.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

class TeacherAuthoritiesTest {

    private final TeacherAuthorities teachers =
            new TeacherAuthorities(List.of("teacher-subject", "Ada@School.example"));

    private static List<GrantedAuthority> signedIn(String subject, Map<String, Object> claims) {
        OidcIdToken token = OidcIdToken.withTokenValue("token")
                .subject(subject)
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60))
                .claims(c -> c.putAll(claims))
                .build();
        return List.of(new OidcUserAuthority(token), new SimpleGrantedAuthority("SCOPE_openid"));
    }

    private static boolean teacher(Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().anyMatch(a -> a.getAuthority().equals("ROLE_TEACHER"));
    }

    @Test
    void aListedSubjectIsATeacher() {
        assertThat(teacher(teachers.mapAuthorities(signedIn("teacher-subject", Map.of()))))
                .isTrue();
    }

    @Test
    void aListedAddressCountsOnlyWhenTheProviderVerifiedIt() {
        assertThat(teacher(teachers.mapAuthorities(
                        signedIn("s1", Map.of("email", "ada@school.example", "email_verified", true)))))
                .isTrue();
        assertThat(teacher(teachers.mapAuthorities(
                        signedIn("s2", Map.of("email", "ada@school.example", "email_verified", false)))))
                .isFalse();
        assertThat(teacher(teachers.mapAuthorities(signedIn("s3", Map.of("email", "ada@school.example")))))
                .isFalse();
    }

    @Test
    void othersKeepWhatTheyHadAndNothingMore() {
        List<GrantedAuthority> learner =
                signedIn("someone", Map.of("email", "someone@school.example", "email_verified", true));
        assertThat(List.<GrantedAuthority>copyOf(teachers.mapAuthorities(learner)))
                .containsExactlyElementsOf(learner);
    }

    @Test
    void halfAConfigurationIsRefusedInWords() {
        assertThatThrownBy(() -> new OidcProperties("https://id.example", null, null, null, null, 120, 10))
                .hasMessageContaining("GUIDE_OIDC_CLIENT_ID");
        assertThat(new OidcProperties("https://id.example/realms/school", "guide", "s", null, null, 120, 10)
                        .shownName())
                .isEqualTo("id.example");
    }
}
