package io.kubeguide.exercise;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubeguide.exercise.SubmissionValidator.SubmittedObject;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.schema.ApiSchemas;
import io.kubeguide.exercise.schema.SchemaCheck;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.ExerciseSpec.ObjectKey;
import io.kubeguide.exercise.spec.KnownKinds;
import io.kubeguide.sandbox.SandboxSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Applies validated learner objects with the LEARNER's credentials (never admin): first a check against the API
 * server's own schema (field names with "did you mean", basic types: no round trip for a typo), then a server-side
 * dry-run of every object (strict field validation), and only if all pass, the server-side apply (field manager
 * {@value #FIELD_MANAGER}). API-server errors come back as problems with the field path and the YAML line; none is
 * retried unless it may go away (no answer, throttled, unavailable). An update refused only because a field cannot
 * change in place (a PVC's spec, a Deployment's selector...) deletes and re-creates the object, as
 * {@code kubectl replace --force} does, with a notice saying so. Objects the learner applied earlier that are absent
 * from this submission are deleted (setup objects stay).
 */
@Component
public class SubmissionApplier {

    /** The setup's namespaced objects are applied under this name too, so the learner's apply replaces their lists. */
    public static final String FIELD_MANAGER = SandboxSetup.LEARNER_FIELD_MANAGER;

    private static final Logger log = LoggerFactory.getLogger(SubmissionApplier.class);
    private static final int ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final Duration DELETE_WAIT = Duration.ofSeconds(30);

    private final ApiSchemas schemas;

    /**
     * @param notices what the guide did that the learner did not ask for, e.g.
     *                {@code PersistentVolumeClaim data was re-created: its spec cannot change in place}
     */
    public record ApplyResult(List<Problem> problems, List<String> notices) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    @Autowired
    public SubmissionApplier(ApiSchemas schemas) {
        this.schemas = schemas;
    }

    /** With its own schema cache (tests and tools outside the application context). */
    public SubmissionApplier() {
        this(new ApiSchemas());
    }

    /** As {@link #apply(KubernetesClient, KubernetesClient, String, ExerciseSpec, List)} without an admin client. */
    public ApplyResult apply(
            KubernetesClient learnerClient, String namespace, ExerciseSpec spec, List<SubmittedObject> objects) {
        return apply(learnerClient, null, namespace, spec, objects);
    }

    /**
     * @param admin the sandbox's admin client, used for one thing only: to free the PersistentVolume reserved for a
     *              claim that is re-created (see {@link ReservedVolumes}); null to skip that
     */
    public ApplyResult apply(
            KubernetesClient learnerClient,
            KubernetesClient admin,
            String namespace,
            ExerciseSpec spec,
            List<SubmittedObject> objects) {
        // fabric8 repeats a refused call up to 10 times (about 19 s): our own retry decides what is worth repeating
        KubernetesClient learner = learnerClient
                .newClient(new RequestConfigBuilder(
                                learnerClient.getConfiguration().getRequestConfig())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .adapt(KubernetesClient.class);
        List<Problem> problems = new ArrayList<>();
        for (SubmittedObject object : objects) {
            schemas.forApiVersion(learner, object.apiVersion())
                    .ifPresent(api -> problems.addAll(
                            SchemaCheck.check(api, object.kind(), object.node(), object.kind() + " " + object.name())));
        }
        if (!problems.isEmpty()) {
            return refused(problems);
        }
        List<HasMetadata> resources =
                objects.stream().map(o -> toResource(learner, o)).toList();
        Map<Integer, Set<String>> recreate = new LinkedHashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata resource = resources.get(i);
            try {
                withRetries(() -> learner.resource(resource)
                        .dryRun()
                        .fieldValidation(Validation.STRICT)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply());
            } catch (KubernetesClientException e) {
                Optional<Set<String>> immutable = toRecreate(e, spec, objects.get(i));
                if (immutable.isPresent()) {
                    recreate.put(i, immutable.get());
                } else {
                    problems.addAll(ApiServerRefusals.problems(objects.get(i), e));
                }
            }
        }
        if (!problems.isEmpty()) {
            return refused(problems);
        }
        List<String> notices = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            SubmittedObject object = objects.get(i);
            try {
                if (recreate.containsKey(i)) {
                    HasMetadata resource = resources.get(i);
                    List<String> claims = resource instanceof StatefulSet
                            ? StatefulSetClaims.of(learner, namespace, object.name())
                            : List.of();
                    List<Pod> users = resource instanceof PersistentVolumeClaim
                            ? ClaimUsers.of(learner, namespace, object.name())
                            : List.of();
                    ClaimUsers.delete(learner, namespace, users, DELETE_WAIT);
                    deleteAndWait(learner, resource);
                    StatefulSetClaims.delete(learner, admin, namespace, claims, DELETE_WAIT);
                    if (admin != null && resource instanceof PersistentVolumeClaim) {
                        ReservedVolumes.release(admin, namespace, object.name());
                    }
                    apply(learner, resource);
                    ClaimUsers.recreateUnowned(learner, namespace, users);
                    notices.add(recreatedNotice(object, recreate.get(i))
                            + StatefulSetClaims.went(claims)
                            + ClaimUsers.went(users));
                } else {
                    apply(learner, resources.get(i));
                }
            } catch (KubernetesClientTimeoutException e) {
                problems.add(new Problem(
                        object.line(),
                        1,
                        object.kind() + " " + object.name() + " could not be "
                                + "re-created: the old one was still being deleted after " + DELETE_WAIT.toSeconds()
                                + " s. Submit again in a moment."));
            } catch (KubernetesClientException e) {
                problems.addAll(ApiServerRefusals.problems(object, e));
            }
        }
        if (problems.isEmpty()) {
            prune(learner, admin, namespace, spec, objects);
        }
        return new ApplyResult(problems, notices);
    }

    private static ApplyResult refused(List<Problem> problems) {
        return new ApplyResult(problems, List.of());
    }

    /**
     * The fields that keep an update from happening in place, when the object is one the learner may submit and so
     * may be deleted and created again; empty when the refusal is the learner's to fix.
     */
    static Optional<Set<String>> toRecreate(KubernetesClientException refusal, ExerciseSpec spec, SubmittedObject o) {
        return spec.allows(o.kind()) ? ApiServerRefusals.immutableFields(refusal) : Optional.empty();
    }

    /** What the report says of an object the guide re-created. */
    static String recreatedNotice(SubmittedObject object, Set<String> immutableFields) {
        return object.kind() + " " + object.name() + " was re-created: its " + String.join(" and ", immutableFields)
                + " cannot change in place";
    }

    private static void apply(KubernetesClient learner, HasMetadata resource) {
        withRetries(() -> learner.resource(resource)
                .fieldValidation(Validation.STRICT)
                .fieldManager(FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply());
    }

    /**
     * What {@code kubectl replace --force} does: delete (a Pod at once, without its grace period), wait until it is
     * gone; the caller then creates it anew. Only for kinds the exercise lets the learner submit.
     */
    private static void deleteAndWait(KubernetesClient learner, HasMetadata resource) {
        Resource<HasMetadata> existing = learner.resource(resource);
        // a StatefulSet waits for its Pods, so that its claims can go after it
        withRetries(() -> resource instanceof Pod
                ? existing.withGracePeriod(0).delete()
                : resource instanceof StatefulSet
                        ? existing.withPropagationPolicy(DeletionPropagation.FOREGROUND)
                                .delete()
                        : existing.delete());
        existing.waitUntilCondition(Objects::isNull, DELETE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until every one of {@code deleted} is gone, all within {@code wait}. */
    static void awaitGone(List<? extends Resource<?>> deleted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (Resource<?> resource : deleted) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            resource.waitUntilCondition(Objects::isNull, left, TimeUnit.MILLISECONDS);
        }
    }

    /** Repeats a call only while its error may go away by itself; a refusal is final at once. */
    private static <T> T withRetries(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (KubernetesClientException e) {
                if (attempt >= ATTEMPTS || !ApiServerRefusals.isTransient(e)) {
                    throw e;
                }
                log.debug("Attempt {} failed ({}); trying again", attempt, e.getCode());
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis() * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes objects of the exercise's kinds that the learner applied before but left out now (a renamed Service
     * must not linger and keep passing checks). Setup objects and objects the learner never applied stay.
     */
    private void prune(
            KubernetesClient learner,
            KubernetesClient admin,
            String namespace,
            ExerciseSpec spec,
            List<SubmittedObject> objects) {
        Set<ObjectKey> keep = objects.stream().map(SubmittedObject::key).collect(Collectors.toSet());
        for (String kind : spec.allow()) {
            if (KnownKinds.isClusterScoped(kind)) {
                continue; // the learner cannot list cluster-scoped kinds; the sandbox's cleanup takes them
            }
            String apiVersion = objects.stream()
                    .filter(o -> o.kind().equals(kind))
                    .map(SubmittedObject::apiVersion)
                    .findFirst()
                    .or(() -> KnownKinds.apiVersion(kind))
                    .orElse(null);
            if (apiVersion == null) {
                continue;
            }
            try {
                for (GenericKubernetesResource r : learner.genericKubernetesResources(apiVersion, kind)
                        .inNamespace(namespace)
                        .list()
                        .getItems()) {
                    if (!isLeftOut(kind, r, keep, spec)) {
                        continue;
                    }
                    String name = r.getMetadata().getName();
                    List<String> claims =
                            kind.equals("StatefulSet") ? StatefulSetClaims.of(learner, namespace, name) : List.of();
                    learner.genericKubernetesResources(apiVersion, kind)
                            .inNamespace(namespace)
                            .withName(name)
                            .withPropagationPolicy(
                                    claims.isEmpty() ? DeletionPropagation.BACKGROUND : DeletionPropagation.FOREGROUND)
                            .delete();
                    StatefulSetClaims.deleteQuietly(learner, admin, namespace, claims, DELETE_WAIT);
                }
            } catch (KubernetesClientException e) {
                log.debug("Could not prune {} in {}: {}", kind, namespace, e.getMessage());
            }
        }
    }

    /**
     * Whether {@code r}, of {@code kind}, is an object the learner applied before and left out of this submission ({@code keep}), so
     * pruned: not one of the setup's (applied under the learner's field manager too: their key keeps them), not
     * already being deleted.
     */
    static boolean isLeftOut(String kind, GenericKubernetesResource r, Set<ObjectKey> keep, ExerciseSpec spec) {
        ObjectKey key = new ObjectKey(kind, r.getMetadata().getName()); // list items carry no kind
        return !keep.contains(key)
                && !spec.setupObjects().contains(key)
                && managedByLearner(r)
                && r.getMetadata().getDeletionTimestamp() == null;
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
            // a value of the wrong type that the schema check could not see: the API server names the field
        }
        return serialization.convertValue(object.content(), GenericKubernetesResource.class);
    }

    private static boolean managedByLearner(GenericKubernetesResource r) {
        List<ManagedFieldsEntry> entries = r.getMetadata().getManagedFields();
        return entries != null && entries.stream().anyMatch(e -> FIELD_MANAGER.equals(e.getManager()));
    }
}
