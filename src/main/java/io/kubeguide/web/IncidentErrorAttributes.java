package io.kubeguide.web;

import io.kubeguide.logging.LogSafe;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * What an error answer (the 5xx page, the JSON of {@code /error}) may say: status, reason phrase and an incident id.
 * Never the exception, its message, a stack trace or the path: a server error goes to the log under the incident id,
 * with the exception, and the learner can quote the id.
 */
@Component
class IncidentErrorAttributes extends DefaultErrorAttributes {

    private static final Logger log = LoggerFactory.getLogger(IncidentErrorAttributes.class);
    static final String INCIDENT = "incident";

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, ErrorAttributeOptions.defaults());
        attributes.remove("path");
        attributes.remove("message");
        attributes.remove("exception");
        attributes.remove("trace");
        attributes.remove("errors");
        Object status = attributes.get("status");
        if (status instanceof Integer code && code >= 500) {
            Object known = request.getAttribute(INCIDENT, RequestAttributes.SCOPE_REQUEST);
            String incident = known instanceof String id ? id : LogSafe.newIncidentId();
            if (known == null) {
                request.setAttribute(INCIDENT, incident, RequestAttributes.SCOPE_REQUEST);
                Throwable error = getError(request);
                log.error(
                        "Incident {}: {} answered {}",
                        incident,
                        request.getAttribute("jakarta.servlet.error.request_uri", RequestAttributes.SCOPE_REQUEST),
                        code,
                        error);
            }
            attributes.put(INCIDENT, incident);
        }
        return attributes;
    }
}
