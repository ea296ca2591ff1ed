package io.kubeguide.web;

import io.kubeguide.limits.GuideLimits;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** Bounded input in front of everything: the body size filter first of all filters, and bounded JSON parsing. */
@Configuration(proxyBeanMethods = false)
class WebLimitsConfiguration {

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(GuideLimits limits) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * Spring Boot's JSON mapper builder (with its customizers), on a parser factory whose limits fit a YAML submission:
     * no string beyond the submission body, no nesting beyond {@code guide.limits.json-nesting-depth}, no document
     * beyond the request body.
     */
    @Bean
    @Scope("prototype")
    JsonMapper.Builder boundedJsonMapperBuilder(
            GuideLimits limits, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxStringLength((int) limits.submissionBody().toBytes())
                .maxNestingDepth(limits.jsonNestingDepth())
                .maxDocumentLength(limits.requestBody().toBytes())
                .maxNumberLength(100)
                .maxNameLength(1000)
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(
                JsonFactory.builder().streamReadConstraints(constraints).build());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder;
    }
}
