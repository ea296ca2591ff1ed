package io.kubeguide.account;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.StandardClaimAccessor;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/**
 * Gives {@value #TEACHER} to the users named in {@code guide.oidc.teacher-users}: by subject, or by e-mail address when
 * the provider says it verified that address (anyone can type someone else's address into an account elsewhere).
 */
class TeacherAuthorities implements GrantedAuthoritiesMapper {

    static final String TEACHER = "ROLE_TEACHER";

    private final Set<String> subjects;
    private final Set<String> emails;

    TeacherAuthorities(List<String> teacherUsers) {
        this.subjects = Set.copyOf(teacherUsers);
        this.emails = teacherUsers.stream()
                .filter(u -> u.contains("@"))
                .map(u -> u.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new LinkedHashSet<>(authorities);
        boolean teacher = authorities.stream()
                .filter(OidcUserAuthority.class::isInstance)
                .map(OidcUserAuthority.class::cast)
                .anyMatch(this::isTeacher);
        if (teacher) {
            mapped.add(new SimpleGrantedAuthority(TEACHER));
        }
        return mapped;
    }

    private boolean isTeacher(OidcUserAuthority user) {
        if (subjects.contains(user.getIdToken().getSubject())) {
            return true;
        }
        return verifiedEmail(user.getIdToken()) || verifiedEmail(user.getUserInfo());
    }

    private boolean verifiedEmail(StandardClaimAccessor claims) {
        return claims != null
                && claims.getEmail() != null
                && Boolean.TRUE.equals(claims.getEmailVerified())
                && emails.contains(claims.getEmail().toLowerCase(Locale.ROOT));
    }
}
