package io.kubeguide.exercise.grading;

import io.kubeguide.exercise.spec.ExerciseSpec.MountRef;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code mount: {pod, path, claim, container}}: a container of the Pod mounts a volume at that path (wherever the
 * mount and the volume stand in their lists), and with {@code claim}, that volume is the PersistentVolumeClaim.
 */
final class MountRule implements CheckRule {

    private final MountRef ref;
    private final boolean learnerMakesPods;

    MountRule(MountRef ref, boolean learnerMakesPods) {
        this.ref = ref;
        this.learnerMakesPods = learnerMakesPods;
    }

    @Override
    public Outcome evaluate(SandboxObjects sandbox) {
        var pod = sandbox.get(new ResourceRef("Pod", ref.pod(), "v1"));
        if (pod == null) {
            return Outcome.failedUnless(!learnerMakesPods, "there is no Pod named " + ref.pod() + " in your sandbox");
        }
        Map<String, Object> spec = map(PodFacts.plain(pod).get("spec"));
        String wanted = normalise(ref.path());
        List<String> elsewhere = new ArrayList<>();
        for (Object c : list(spec.get("containers"))) {
            Map<String, Object> container = map(c);
            if (ref.container() != null && !ref.container().equals(container.get("name"))) {
                continue;
            }
            for (Object m : list(container.get("volumeMounts"))) {
                Map<String, Object> mount = map(m);
                String path = normalise(String.valueOf(mount.get("mountPath")));
                String volume = String.valueOf(mount.get("name"));
                if (!path.equals(wanted)) {
                    elsewhere.add(volume + " at " + path);
                    continue;
                }
                String source = source(spec, volume);
                String mounted = "container " + container.get("name") + " mounts volume " + volume + " (" + source
                        + ") at " + wanted;
                if (ref.claim() != null && !("claim " + ref.claim()).equals(source)) {
                    return Outcome.failed(mounted + "; expected a volume of claim " + ref.claim());
                }
                if (Boolean.TRUE.equals(ref.writable())
                        && (Boolean.TRUE.equals(mount.get("readOnly")) || readOnlyClaim(spec, volume))) {
                    return Outcome.failed(mounted + " read-only, so the Pod cannot write there");
                }
                return Outcome.passed(mounted);
            }
        }
        String who = ref.container() != null ? "container " + ref.container() : "no container";
        return Outcome.failed((ref.container() != null
                        ? who + " of Pod " + ref.pod() + " mounts nothing at "
                        : "no container of Pod " + ref.pod() + " mounts anything at ")
                + wanted
                + (elsewhere.isEmpty() ? "" : " (it mounts " + String.join(", ", elsewhere) + ")"));
    }

    /** What the named volume is: "claim data", "an emptyDir", or "no volume of that name". */
    private static String source(Map<String, Object> spec, String volume) {
        for (Object v : list(spec.get("volumes"))) {
            Map<String, Object> vol = map(v);
            if (!volume.equals(vol.get("name"))) {
                continue;
            }
            Map<String, Object> claim = map(vol.get("persistentVolumeClaim"));
            if (!claim.isEmpty()) {
                return "claim " + claim.get("claimName");
            }
            return vol.keySet().stream()
                    .filter(k -> !k.equals("name"))
                    .findFirst()
                    .map(k -> (k.matches("[aeiou].*") ? "an " : "a ") + k)
                    .orElse("a volume without a source");
        }
        return "no volume of that name in spec.volumes";
    }

    private static boolean readOnlyClaim(Map<String, Object> spec, String volume) {
        return list(spec.get("volumes")).stream()
                .map(MountRule::map)
                .filter(v -> volume.equals(v.get("name")))
                .anyMatch(v ->
                        Boolean.TRUE.equals(map(v.get("persistentVolumeClaim")).get("readOnly")));
    }

    private static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l.stream().filter(Objects::nonNull).toList() : List.of();
    }

    @Override
    public List<Watched> watched() {
        return List.of(Watched.named("v1", "Pod", ref.pod()));
    }
}
