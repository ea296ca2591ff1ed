package io.kubeguide.sandbox;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fence around a learner, the same on every provider and enforced by the API server itself, so it holds for
 * anything sent with the learner's token, whether or not it went through the guide's validator:
 * <ul>
 * <li>the namespace enforces Pod Security {@code baseline} (privileged Pods, hostPath volumes, host namespaces and
 * host ports are refused) and warns and audits at {@code restricted} (advice shown to the learner);</li>
 * <li>the guide's admission policies ({@link SandboxAdmissionPolicy}, installed once per cluster) apply to every
 * namespace labelled as a sandbox: images from the allow-list only, no ServiceAccount token in a Pod, no node
 * pinning, tolerations or host access, no {@code externalIPs}, NodePort and LoadBalancer only where the exercise
 * needs them; what the sandbox may use is written on its namespace (annotations only the admin can change);</li>
 * <li>ServiceAccount {@code learner} is bound to the guide's own Role ({@code sandbox/learner-role.yaml}: the kinds
 * exercises use, nothing like exec, Secrets, tokens or RBAC) in this namespace only; its token, from the
 * TokenRequest API, is the only credential learner YAML is applied with. ServiceAccount {@code default}, the only
 * one Pods may run as, mounts no token;</li>
 * <li>a default-deny NetworkPolicy (the namespace's own Pods and DNS allowed);</li>
 * <li>a ResourceQuota caps what the namespace can hold, a LimitRange gives containers without resources defaults so
 * they are admitted under the quota.</li>
 * </ul>
 */
public final class SandboxFence {

    public static final String LEARNER_SERVICE_ACCOUNT = "learner";
    public static final String LEARNER_ROLE = "kubeguide-learner";
    public static final String QUOTA = "sandbox-quota";
    public static final String LIMITS = "sandbox-limits";
    /** Learner tokens live this long and are renewed when less than {@link #TOKEN_RENEW_MARGIN} is left. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(2);

    public static final Duration TOKEN_RENEW_MARGIN = Duration.ofMinutes(15);
    private static final Duration AUTHORIZATION_WAIT = Duration.ofSeconds(10);

    /** What a sandbox may hold. */
    public static final Map<String, String> QUOTA_HARD = orderedMap(
            "pods", "20",
            "services", "10",
            "services.nodeports", "5",
            "services.loadbalancers", "2",
            "persistentvolumeclaims", "5",
            "requests.storage", "10Gi",
            "configmaps", "20",
            "secrets", "20",
            "count/deployments.apps", "5",
            "count/statefulsets.apps", "5",
            "count/jobs.batch", "5",
            "count/cronjobs.batch", "2",
            "count/ingresses.networking.k8s.io", "5",
            "count/serviceaccounts", "5",
            "requests.ephemeral-storage", "4Gi",
            "limits.ephemeral-storage", "20Gi",
            "requests.cpu", "4",
            "requests.memory", "4Gi",
            "limits.cpu", "8",
            "limits.memory", "8Gi");

    private SandboxFence() {}

    /**
     * Creates the fenced namespace and issues the learner's credentials. The admission policies must be installed on
     * the cluster ({@link SandboxAdmissionPolicy#install}); this waits until they hold in the new namespace.
     *
     * @param allowedImages the only images the sandbox's Pods may run
     */
    public static LearnerCredentials fence(
            KubernetesClient admin, SandboxIdentity identity, List<String> allowedImages) {
        String ns = identity.namespace();
        Map<String, String> labels = SandboxLabels.of(identity);
        admin.namespaces().resource(namespace(identity, allowedImages)).create();
        admin.resourceQuotas().inNamespace(ns).resource(quota(labels)).create();
        admin.limitRanges().inNamespace(ns).resource(limitRange(labels)).create();
        // Pods may only run as "default" (the admission policy); created here, before the controller would, or
        // updated, so that it never mounts a token
        admin.serviceAccounts()
                .inNamespace(ns)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("default")
                        .withLabels(labels)
                        .endMetadata()
                        .withAutomountServiceAccountToken(false)
                        .build())
                .fieldManager(SandboxAdmissionPolicy.FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply();
        admin.serviceAccounts()
                .inNamespace(ns)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(LEARNER_SERVICE_ACCOUNT)
                        .withLabels(labels)
                        .endMetadata()
                        .withAutomountServiceAccountToken(false)
                        .build())
                .create();
        Role role = FenceManifests.learnerRole();
        role.getMetadata().setLabels(labels);
        admin.rbac().roles().inNamespace(ns).resource(role).create();
        admin.rbac()
                .roleBindings()
                .inNamespace(ns)
                .resource(new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName(LEARNER_SERVICE_ACCOUNT)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", LEARNER_ROLE)
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(LEARNER_SERVICE_ACCOUNT)
                        .withNamespace(ns)
                        .endSubject()
                        .build())
                .create();
        NetworkPolicy isolation = FenceManifests.networkPolicy();
        isolation.getMetadata().setLabels(labels);
        admin.network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .resource(isolation)
                .create();
        primeQuotaStatus(admin, ns);
        LearnerCredentials credentials = issueLearnerCredentials(admin, ns);
        awaitLearnerAuthorized(admin, ns);
        SandboxAdmissionPolicy.awaitEnforced(admin, ns);
        return credentials;
    }

    /**
     * The API server's RBAC authorizer learns of a new RoleBinding through its informer, a few milliseconds later;
     * asks it (SubjectAccessReview) until the learner may work here, so the learner's first request is not refused.
     */
    private static void awaitLearnerAuthorized(KubernetesClient admin, String ns) {
        long deadline = System.nanoTime() + AUTHORIZATION_WAIT.toNanos();
        String user = "system:serviceaccount:" + ns + ":" + LEARNER_SERVICE_ACCOUNT;
        while (true) {
            SubjectAccessReview review = admin.authorization()
                    .v1()
                    .subjectAccessReview()
                    .create(new SubjectAccessReviewBuilder()
                            .withNewSpec()
                            .withUser(user)
                            .withGroups(
                                    "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated")
                            .withNewResourceAttributes()
                            .withNamespace(ns)
                            .withVerb("create")
                            .withResource("configmaps")
                            .endResourceAttributes()
                            .endSpec()
                            .build());
            if (review.getStatus() != null
                    && Boolean.TRUE.equals(review.getStatus().getAllowed())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the learner's RoleBinding to Role " + LEARNER_ROLE + " in " + ns
                        + " did not take effect within " + AUTHORIZATION_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the learner's RoleBinding", e);
            }
        }
    }

    static Namespace namespace(SandboxIdentity identity, List<String> allowedImages) {
        Map<String, String> labels = new HashMap<>(SandboxLabels.of(identity));
        if (identity.learnerKey() != null) {
            labels.put(SandboxLabels.LEARNER, identity.learnerKey());
        }
        labels.put("pod-security.kubernetes.io/enforce", "baseline");
        labels.put("pod-security.kubernetes.io/enforce-version", "latest");
        labels.put("pod-security.kubernetes.io/warn", "restricted");
        labels.put("pod-security.kubernetes.io/warn-version", "latest");
        labels.put("pod-security.kubernetes.io/audit", "restricted");
        labels.put("pod-security.kubernetes.io/audit-version", "latest");
        Map<String, String> annotations = new HashMap<>();
        annotations.put(SandboxLabels.ALLOWED_IMAGES, String.join(",", allowedImages));
        annotations.put(SandboxLabels.SERVICE_TYPES, String.join(",", serviceTypes(identity.serviceTypes())));
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(identity.namespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .build();
    }

    /** A LoadBalancer Service is a NodePort Service with a load balancer in front: allowing it allows both. */
    static List<String> serviceTypes(Set<String> needed) {
        Set<String> types = new TreeSet<>();
        for (String type : needed) {
            if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
                throw new IllegalArgumentException("Service type " + type + " cannot be allowed in a sandbox: "
                        + "only NodePort and LoadBalancer (ClusterIP and ExternalName always are)");
            }
            types.add(type);
        }
        if (types.contains("LoadBalancer")) {
            types.add("NodePort");
        }
        return List.copyOf(types);
    }

    static ResourceQuota quota(Map<String, String> labels) {
        Map<String, Quantity> hard = new LinkedHashMap<>();
        QUOTA_HARD.forEach((k, v) -> hard.put(k, new Quantity(v)));
        return new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(QUOTA)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withHard(hard)
                .endSpec()
                .build();
    }

    static LimitRange limitRange(Map<String, String> labels) {
        return new LimitRangeBuilder()
                .withNewMetadata()
                .withName(LIMITS)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewLimit()
                .withType("Container")
                .withDefault(Map.of(
                        "cpu",
                        new Quantity("250m"),
                        "memory",
                        new Quantity("256Mi"),
                        "ephemeral-storage",
                        new Quantity("1Gi")))
                .withDefaultRequest(Map.of(
                        "cpu",
                        new Quantity("50m"),
                        "memory",
                        new Quantity("64Mi"),
                        "ephemeral-storage",
                        new Quantity("64Mi")))
                .withMax(Map.of(
                        "cpu",
                        new Quantity("2"),
                        "memory",
                        new Quantity("2Gi"),
                        "ephemeral-storage",
                        new Quantity("2Gi")))
                .endLimit()
                .addNewLimit()
                .withType("PersistentVolumeClaim")
                .withMax(Map.of("storage", new Quantity("5Gi")))
                .endLimit()
                .endSpec()
                .build();
    }

    /**
     * The quota admission plugin refuses objects while a new quota has no status yet ("status unknown for quota");
     * the quota controller fills it in soon, but a fresh namespace is empty, so zero usage is the truth now.
     */
    private static void primeQuotaStatus(KubernetesClient admin, String ns) {
        try {
            ResourceQuota quota =
                    admin.resourceQuotas().inNamespace(ns).withName(QUOTA).get();
            if (quota != null
                    && (quota.getStatus() == null
                            || quota.getStatus().getHard() == null
                            || quota.getStatus().getHard().isEmpty())) {
                Map<String, Quantity> used = new LinkedHashMap<>();
                quota.getSpec().getHard().forEach((k, v) -> used.put(k, new Quantity("0")));
                quota.setStatus(new ResourceQuotaStatusBuilder()
                        .withHard(quota.getSpec().getHard())
                        .withUsed(used)
                        .build());
                admin.resourceQuotas().inNamespace(ns).resource(quota).updateStatus();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: the quota controller was first, which is as good
                throw e;
            }
        }
    }

    /** A fresh token for the learner ServiceAccount and a client configuration around it. */
    public static LearnerCredentials issueLearnerCredentials(KubernetesClient admin, String ns) {
        TokenRequest request = new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(TOKEN_LIFETIME.toSeconds())
                .endSpec()
                .build();
        TokenRequest issued = admin.serviceAccounts()
                .inNamespace(ns)
                .withName(LEARNER_SERVICE_ACCOUNT)
                .tokenRequest(request);
        String token = issued.getStatus().getToken();
        Instant expiresAt = issued.getStatus().getExpirationTimestamp() == null
                ? Instant.now().plus(TOKEN_LIFETIME)
                : OffsetDateTime.parse(issued.getStatus().getExpirationTimestamp())
                        .toInstant();
        return new LearnerCredentials(learnerConfig(admin.getConfiguration(), token, ns), expiresAt);
    }

    /** Same server and CA as the admin's, the learner's bearer token, no client certificate. */
    static Config learnerConfig(Config admin, String token, String ns) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(admin.getMasterUrl())
                .withCaCertData(admin.getCaCertData())
                .withCaCertFile(admin.getCaCertFile())
                .withTrustCerts(admin.isTrustCerts())
                .withDisableHostnameVerification(admin.isDisableHostnameVerification())
                .withOauthToken(token)
                .withNamespace(ns)
                .withConnectionTimeout(admin.getConnectionTimeout())
                .withRequestTimeout(admin.getRequestTimeout())
                .build();
    }

    private static Map<String, String> orderedMap(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
