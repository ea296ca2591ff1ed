package io.kubeguide.account;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Sign-in exists only when an OpenID Connect provider is configured: without it nothing of it is registered. */
class OidcConfigured implements Condition {

    static boolean in(Environment environment) {
        return StringUtils.hasText(environment.getProperty("guide.oidc.issuer-uri"))
                && StringUtils.hasText(environment.getProperty("guide.oidc.client-id"));
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return in(context.getEnvironment());
    }
}
