package io.kubeguide.exercise;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.kubeguide.exercise.ExerciseSpec.ObjectKey;
import io.kubeguide.exercise.SubmissionValidator.SubmittedObject;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Applies validated learner objects with the LEARNER's credentials (never admin): a server-side dry-run of every
 * object first (strict field validation), and only if all pass, the server-side apply (field manager
 * {@value #FIELD_MANAGER}). API-server errors come back as problems with the field path and the YAML line. Objects
 * the learner applied earlier that are absent from this submission are deleted (setup objects stay).
 */
@Component
public class SubmissionApplier {

    public static final String FIELD_MANAGER = "learner";
    private static final Logger log = LoggerFactory.getLogger(SubmissionApplier.class);
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("unknown field \"([^\"]+)\"");
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("duplicate field \"([^\"]+)\"");

    public record ApplyResult(List<Problem> problems, List<ObjectKey> applied, List<ObjectKey> deleted) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public ApplyResult apply(KubernetesClient learner, String namespace, ExerciseSpec spec,
                             List<SubmittedObject> objects) {
        List<Problem> problems = new ArrayList<>();
        List<HasMetadata> resources = new ArrayList<>();
        for (SubmittedObject object : objects) {
            resources.add(toResource(learner, object));
        }
        for (int i = 0; i < objects.size(); i++) {
            try {
                learner.resource(resources.get(i)).dryRun().fieldValidation(Validation.STRICT)
                        .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            } catch (KubernetesClientException e) {
                problems.addAll(problems(objects.get(i), e));
            }
        }
        if (!problems.isEmpty()) {
            return new ApplyResult(problems, List.of(), List.of());
        }
        List<ObjectKey> applied = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            try {
                learner.resource(resources.get(i)).fieldValidation(Validation.STRICT)
                        .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
                applied.add(objects.get(i).key());
            } catch (KubernetesClientException e) {
                problems.addAll(problems(objects.get(i), e));
            }
        }
        List<ObjectKey> deleted = problems.isEmpty() ? prune(learner, namespace, spec, objects) : List.of();
        return new ApplyResult(problems, applied, deleted);
    }

    /**
     * Deletes objects of the exercise's kinds that the learner applied before but left out now (a renamed Service
     * must not linger and keep passing checks). Setup objects and objects the learner never applied stay.
     */
    private List<ObjectKey> prune(KubernetesClient learner, String namespace, ExerciseSpec spec,
                                  List<SubmittedObject> objects) {
        Set<ObjectKey> keep = objects.stream().map(SubmittedObject::key).collect(Collectors.toSet());
        List<ObjectKey> deleted = new ArrayList<>();
        for (String kind : spec.allow()) {
            if (KnownKinds.isClusterScoped(kind)) {
                continue; // the learner cannot list cluster-scoped kinds; the sandbox's cleanup takes them
            }
            String apiVersion = objects.stream().filter(o -> o.kind().equals(kind)).map(SubmittedObject::apiVersion)
                    .findFirst().or(() -> KnownKinds.apiVersion(kind)).orElse(null);
            if (apiVersion == null) {
                continue;
            }
            try {
                for (GenericKubernetesResource r : learner.genericKubernetesResources(apiVersion, kind)
                        .inNamespace(namespace).list().getItems()) {
                    ObjectKey key = new ObjectKey(kind, r.getMetadata().getName());
                    if (keep.contains(key) || spec.setupObjects().contains(key) || !managedByLearner(r)
                            || r.getMetadata().getDeletionTimestamp() != null) {
                        continue;
                    }
                    learner.genericKubernetesResources(apiVersion, kind).inNamespace(namespace)
                            .withName(key.name()).delete();
                    deleted.add(key);
                }
            } catch (KubernetesClientException e) {
                log.debug("Could not prune {} in {}: {}", kind, namespace, e.getMessage());
            }
        }
        return deleted;
    }

    /**
     * The model class of a built-in kind (no API discovery needed to apply it; unknown fields are kept in its
     * additional properties, so strict validation still sees them), else a generic resource.
     */
    private static HasMetadata toResource(KubernetesClient client, SubmittedObject object) {
        var serialization = client.getKubernetesSerialization();
        try {
            HasMetadata typed = serialization.unmarshal(serialization.asJson(object.content()));
            if (typed != null && !(typed instanceof GenericKubernetesResource)) {
                return typed;
            }
        } catch (RuntimeException e) {
            // a value of the wrong type (port: eighty): let the API server say so, with the field path
        }
        return serialization.convertValue(object.content(), GenericKubernetesResource.class);
    }

    private static boolean managedByLearner(GenericKubernetesResource r) {
        List<ManagedFieldsEntry> entries = r.getMetadata().getManagedFields();
        return entries != null && entries.stream().anyMatch(e -> FIELD_MANAGER.equals(e.getManager()));
    }

    /** The API server's answer, as problems pointing at the YAML lines they are about. */
    static List<Problem> problems(SubmittedObject object, KubernetesClientException e) {
        String what = object.kind() + " " + object.name();
        Status status = e.getStatus();
        List<Problem> problems = new ArrayList<>();
        String statusMessage = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
        List<StatusCause> causes = status != null && status.getDetails() != null
                && status.getDetails().getCauses() != null ? status.getDetails().getCauses() : List.of();
        for (StatusCause cause : causes) {
            String field = cause.getField();
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getReason();
            if (field == null || field.isBlank()) {
                Matcher m = UNKNOWN_FIELD.matcher(Objects.toString(message));
                if (m.find()) {
                    field = m.group(1);
                }
            }
            problems.add(problem(object, what, field, message));
        }
        if (problems.isEmpty()) {
            String field = null;
            Matcher unknown = UNKNOWN_FIELD.matcher(statusMessage);
            Matcher duplicate = DUPLICATE_FIELD.matcher(statusMessage);
            if (unknown.find()) {
                field = unknown.group(1);
            } else if (duplicate.find()) {
                field = duplicate.group(1);
            }
            String message = e.getCode() == 403 ? "refused by the API server: " + clean(statusMessage)
                    : e.getCode() == 0 ? "could not be sent to the API server: " + clean(statusMessage)
                    : clean(statusMessage);
            problems.add(problem(object, what, field, message));
        }
        return problems;
    }

    private static Problem problem(SubmittedObject object, String what, String field, String message) {
        Node node = field == null ? object.node() : NodeLocator.find(object.node(), field.replaceFirst("^\\.", ""));
        Mark mark = node.getStartMark();
        int line = mark.getLine() + 1;
        String text = what + (field != null ? ", " + field.replaceFirst("^\\.", "") : "") + " (line " + line
                + "): " + message;
        return new Problem(line, mark.getColumn() + 1, text);
    }

    /** Drops fabric8's request prefix ("Failure executing: PATCH at: https://...") from a message. */
    private static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.replaceFirst("(?s)^Failure executing: \\S+ at: \\S+\\. Message: ", "");
        int received = m.indexOf(". Received status: ");
        return received > 0 ? m.substring(0, received) : m;
    }

    private static final class Objects {
        static String toString(Object o) {
            return o == null ? "" : o.toString();
        }
    }
}
