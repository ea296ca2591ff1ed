package io.kubeguide.progress;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Resolves {@link Learner} parameters for every controller, so none reads the cookie itself. */
@Configuration(proxyBeanMethods = false)
class LearnerArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private final LearnerIdentity identity;

    LearnerArgumentResolver(LearnerIdentity identity) {
        this.identity = identity;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(Learner.class) && parameter.getParameterType() == String.class;
    }

    @Override
    public String resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        Learner learner = parameter.getParameterAnnotation(Learner.class);
        if (learner != null && learner.issueCookie()) {
            return identity.resolve(request, webRequest.getNativeResponse(HttpServletResponse.class));
        }
        return identity.existing(request).orElse(null);
    }
}
