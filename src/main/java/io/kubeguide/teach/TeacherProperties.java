package io.kubeguide.teach;

import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The teachers' sign-in ({@code guide.teacher.*}, env {@code GUIDE_TEACHER_*}). Without a password hash the password
 * sign-in is off (there is never a default password) and the sign-in page says how to turn it on.
 *
 * @param username                  the teacher's username ({@code GUIDE_TEACHER_USERNAME}, default {@code teacher})
 * @param passwordHash              the password's hash ({@code GUIDE_TEACHER_PASSWORD_HASH}): {@code {bcrypt}$2y$...},
 *                                  {@code {argon2}...}, {@code {pbkdf2}...}, {@code {scrypt}...}, or a bare bcrypt hash
 *                                  as {@code htpasswd -nbBC 12} prints it; never the password itself
 * @param signInsPerMinute          sign-in attempts per minute, all clients together (30)
 * @param signInsPerMinutePerClient ... and per client address (5)
 */
@ConfigurationProperties("guide.teacher")
public record TeacherProperties(
        String username, String passwordHash, Integer signInsPerMinute, Integer signInsPerMinutePerClient) {

    private static final Set<String> HASHES = Set.of(
            "bcrypt",
            "argon2",
            "argon2@SpringSecurity_v5_8",
            "pbkdf2",
            "pbkdf2@SpringSecurity_v5_8",
            "scrypt",
            "scrypt@SpringSecurity_v5_8");
    private static final Pattern ID = Pattern.compile("^\\{([^}]*)}");
    static final Pattern BARE_BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}$");

    public TeacherProperties {
        username = username == null || username.isBlank() ? "teacher" : username.strip();
        passwordHash = passwordHash == null || passwordHash.isBlank() ? null : passwordHash.strip();
        signInsPerMinute = signInsPerMinute == null ? 30 : signInsPerMinute;
        signInsPerMinutePerClient = signInsPerMinutePerClient == null ? 5 : signInsPerMinutePerClient;
        if (signInsPerMinute < 1 || signInsPerMinutePerClient < 1) {
            throw new IllegalArgumentException("guide.teacher.sign-ins-per-minute* must be at least 1");
        }
        if (passwordHash != null && !isHash(passwordHash)) {
            throw new IllegalArgumentException("GUIDE_TEACHER_PASSWORD_HASH (guide.teacher.password-hash) is not a "
                    + "password hash: give {bcrypt}, {argon2}, {pbkdf2} or {scrypt} followed by the hash, e.g. from "
                    + "`htpasswd -nbBC 12 \"\" 'your password' | tr -d ':\\n'` (see the README), never the password");
        }
    }

    /** Whether teachers can sign in with the password. */
    public boolean passwordSignIn() {
        return passwordHash != null;
    }

    private static boolean isHash(String value) {
        var id = ID.matcher(value);
        if (id.find()) {
            String rest = value.substring(id.end());
            return HASHES.contains(id.group(1))
                    && !rest.isEmpty()
                    && (!id.group(1).equals("bcrypt")
                            || BARE_BCRYPT.matcher(rest).matches());
        }
        return BARE_BCRYPT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return "TeacherProperties[username=" + username + ", passwordSignIn=" + passwordSignIn() + "]";
    }
}
