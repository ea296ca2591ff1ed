package io.kubeguide.account;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider for tests: Spring Authorization Server in its own small servlet context (Tomcat on a
 * random loopback port, no Spring Boot auto-configuration), with a login form, two users and one confidential client
 * that must use PKCE. Not a {@code @Configuration}, so the guide's component scan never picks it up.
 * <p>
 * Users: {@code alice} (e-mail {@value #ALICE_EMAIL}, verified) and {@code bob} (e-mail {@value #BOB_EMAIL}, which the
 * provider says it did not verify); the password of each is their name followed by {@code -password}.
 */
@EnableWebSecurity
class TestIssuer {

    static final String CLIENT_ID = "kubeguide";
    static final String CLIENT_SECRET = "kubeguide-test-secret";
    static final String ALICE_EMAIL = "alice@example.test";
    static final String BOB_EMAIL = "bob@example.test";

    private static final Map<String, Map<String, Object>> CLAIMS = Map.of(
            "alice", Map.of("email", ALICE_EMAIL, "email_verified", true, "name", "Alice Example"),
            "bob", Map.of("email", BOB_EMAIL, "email_verified", false, "name", "Bob Example"));

    /** A running provider; {@link #register} adds the guide's client once its address is known. */
    record Running(AnnotationConfigServletWebServerApplicationContext context, String issuer) implements AutoCloseable {

        void register(String redirectUri) {
            context.getBean(InMemoryRegisteredClientRepository.class)
                    .save(RegisteredClient.withId(UUID.randomUUID().toString())
                            .clientId(CLIENT_ID)
                            .clientSecret("{noop}" + CLIENT_SECRET)
                            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri(redirectUri)
                            .scope(OidcScopes.OPENID)
                            .scope(OidcScopes.PROFILE)
                            .scope(OidcScopes.EMAIL)
                            .clientSettings(ClientSettings.builder()
                                    .requireAuthorizationConsent(false)
                                    .requireProofKey(true)
                                    .build())
                            .build());
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /**
     * Starts a provider reached as {@code http://localhost:<port>}: another host name than the guide's
     * {@code 127.0.0.1}, so that the browser keeps the two servers' cookies apart.
     */
    static Running start() {
        var context = new AnnotationConfigServletWebServerApplicationContext(TestIssuer.class);
        int port = context.getWebServer().getPort();
        return new Running(context, "http://localhost:" + port);
    }

    @Bean
    TomcatServletWebServerFactory webServer() {
        var factory = new TomcatServletWebServerFactory(0);
        factory.setAddress(InetAddress.getLoopbackAddress());
        // no DispatcherServlet here: Tomcat runs filters (all of this server) only for a request some servlet maps
        factory.setRegisterDefaultServlet(true);
        return factory;
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginForm(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice")
                        .password("{noop}alice-password")
                        .roles("USER")
                        .build(),
                User.withUsername("bob")
                        .password("{noop}bob-password")
                        .roles("USER")
                        .build());
    }

    @Bean
    InMemoryRegisteredClientRepository clients() {
        // the repository wants one client to begin with; the guide's is added by Running.register
        return new InMemoryRegisteredClientRepository(RegisteredClient.withId("placeholder")
                .clientId("placeholder")
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .build());
    }

    /** The users' e-mail addresses and names in their ID tokens (and so in what the user-info endpoint answers). */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> claims() {
        return context -> {
            if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                CLAIMS.getOrDefault(context.getPrincipal().getName(), Map.of())
                        .forEach((name, value) -> context.getClaims().claim(name, value));
            }
        };
    }

    @Bean
    JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    /** No issuer set: each request's own address (http://localhost:port) is the issuer. */
    @Bean
    AuthorizationServerSettings settings() {
        return AuthorizationServerSettings.builder().build();
    }
}
