package io.kubeguide.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubectlPolicyTest {

    private static final String NS = "sandbox-abc";
    private final KubectlPolicy policy = new KubectlPolicy(Set.of("registry.k8s.io/pause:3.10"));

    private KubectlCommand check(String line) {
        return policy.check(CommandLineTokenizer.split(line), NS, false);
    }

    private KubectlCommand checkWithStdin(String line) {
        return policy.check(CommandLineTokenizer.split(line), NS, true);
    }

    @Test
    void forcesTheSandboxNamespace() {
        assertThat(check("kubectl get pods").args()).containsExactly("get", "pods", "--namespace=" + NS);
        assertThat(check("k get svc -o wide").args()).containsExactly("get", "svc", "-o", "wide", "--namespace=" + NS);
        assertThat(check("kubectl -n " + NS + " get pods").args()).containsExactly("-n", NS, "get", "pods");
        assertThat(check("kubectl get pods --namespace=" + NS).args())
                .containsExactly("get", "pods", "--namespace=" + NS);
        assertThat(check("kubectl run x --image=registry.k8s.io/pause:3.10 -- sleep 10")
                        .args())
                .containsExactly(
                        "run", "x", "--image=registry.k8s.io/pause:3.10", "--namespace=" + NS, "--", "sleep", "10");
    }

    @Test
    void allowsTheListedVerbs() {
        for (String line : new String[] {
            "kubectl get pods",
            "kubectl describe svc web",
            "kubectl explain service.spec",
            "kubectl api-resources",
            "kubectl create deployment x --image=registry.k8s.io/pause:3.10",
            "kubectl expose deployment web --name frontend-service --port 80 --target-port 8080",
            "kubectl run x --image registry.k8s.io/pause:3.10",
            "kubectl scale deployment web --replicas=2",
            "kubectl label svc web tier=frontend",
            "kubectl annotate svc web note=x",
            "kubectl set image deployment/web web=registry.k8s.io/pause:3.10",
            "kubectl patch svc web -p '{\"spec\":{\"type\":\"NodePort\"}}'",
            "kubectl delete svc web",
            "kubectl rollout history deployment/web",
            "kubectl events",
            "kubectl auth can-i create services",
            "kubectl wait --for=condition=Available deployment/web",
            "kubectl version",
            "kubectl top pods",
            "kubectl get pods -oyaml",
            "kubectl get pods -w",
            "kubectl get endpointslices -l app=web",
            "kubectl apply view-last-applied svc web"
        }) {
            assertThat(check(line).args()).as(line).isNotEmpty();
        }
        assertThat(checkWithStdin("kubectl apply -f -").readsStdin()).isTrue();
        assertThat(checkWithStdin("kubectl diff -f -").readsStdin()).isTrue();
        assertThat(checkWithStdin("kubectl create -f-").readsStdin()).isTrue();
        assertThat(checkWithStdin("kubectl delete --filename=-").readsStdin()).isTrue();
    }

    @Test
    void givesWaitAndRolloutStatusAMinute() {
        assertThat(check("kubectl get pods").timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(check("kubectl wait --for=delete pod/x").timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(check("kubectl rollout status deployment/web").timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(check("kubectl rollout history deployment/web").timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exec", "attach", "port-forward", "proxy", "cp", "debug", "config", "plugin", "edit"})
    void refusesVerbsWithAReason(String verb) {
        assertThatThrownBy(() -> check("kubectl " + verb + " web"))
                .isInstanceOf(RefusedCommandException.class)
                .hasMessageStartingWith("kubectl " + verb + " is not available here: ")
                .hasMessageContaining(KubectlPolicy.REFUSED.get(verb));
    }

    @Test
    void refusesOtherProgramsAndUnlistedVerbs() {
        assertThatThrownBy(() -> check("rm -rf /")).hasMessageContaining("runs kubectl");
        assertThatThrownBy(() -> check("sh -c id")).hasMessageContaining("no shell");
        assertThatThrownBy(() -> check("kubectl replace -f -")).hasMessageContaining("not available in this terminal");
        assertThatThrownBy(() -> check("kubectl drain kwok-node-0")).hasMessageContaining("You can use: get");
        assertThatThrownBy(() -> check("kubectl")).hasMessageContaining("Add a verb");
        assertThatThrownBy(() -> check("kubectl auth whoami")).hasMessageContaining("can-i");
        assertThatThrownBy(() -> check("kubectl create token learner")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> check("kubectl apply -k .")).hasMessageContaining("kustomization");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kubectl get pods --kubeconfig=/etc/passwd",
                "kubectl get pods --kubeconfig /etc/passwd",
                "kubectl --server=https://evil get pods",
                "kubectl get pods -s https://evil",
                "kubectl get pods --token=x",
                "kubectl get pods --as=system:admin",
                "kubectl get pods --as system:admin",
                "kubectl get pods --as-group=system:masters",
                "kubectl get pods --as_group=system:masters",
                "kubectl get pods --as-uid=0",
                "kubectl get pods --context=admin",
                "kubectl get pods --cluster=x",
                "kubectl get pods --user=admin",
                "kubectl get pods --certificate-authority=/etc/ssl/ca.pem",
                "kubectl get pods --insecure-skip-tls-verify",
                "kubectl get pods --insecure_skip_tls_verify=true",
                "kubectl get pods --client-key=/root/key"
            })
    void refusesFlagsThatChangeWhoOrWhere(String line) {
        assertThatThrownBy(() -> check(line))
                .isInstanceOf(RefusedCommandException.class)
                .hasMessageContaining("is not available");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kubectl get secrets -n kube-system",
                "kubectl get secrets -nkube-system",
                "kubectl get secrets -n=kube-system",
                "kubectl get secrets --namespace kube-system",
                "kubectl get secrets --namespace=kube-system",
                "kubectl -n kube-system get secrets",
                "kubectl get pods -A",
                "kubectl get pods -wA",
                "kubectl get pods --all-namespaces",
                "kubectl events --all-namespaces=true",
                "kubectl get pods -n"
            })
    void refusesOtherNamespaces(String line) {
        assertThatThrownBy(() -> check(line))
                .isInstanceOf(RefusedCommandException.class)
                .hasMessageContaining("namespace");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kubectl apply -f /etc/shadow",
                "kubectl apply -f=/etc/shadow",
                "kubectl apply -f/etc/shadow",
                "kubectl apply --filename /etc/shadow",
                "kubectl apply -f http://example.com/x.yaml",
                "kubectl create -f https://example.com/x.yaml",
                "kubectl delete -f ."
            })
    void refusesFilesAndUrls(String line) {
        assertThatThrownBy(() -> checkWithStdin(line))
                .isInstanceOf(RefusedCommandException.class)
                .hasMessageContaining("-f reads only what you paste");
    }

    @Test
    void refusesOtherWaysToReadTheGuidesFiles() {
        assertThatThrownBy(() -> check("kubectl create configmap x --from-file=/etc/passwd"))
                .hasMessageContaining("reads a file");
        assertThatThrownBy(() -> check("kubectl create secret generic x --from-env-file /etc/environment"))
                .hasMessageContaining("reads a file");
        assertThatThrownBy(() -> check("kubectl create secret tls x --cert=/etc/ssl/c.pem --key=/etc/ssl/k.pem"))
                .hasMessageContaining("guide's machine");
        assertThatThrownBy(() -> check("kubectl get pods -o go-template-file=/etc/passwd"))
                .hasMessageContaining("template file");
        assertThatThrownBy(() -> check("kubectl get pods -ojsonpath-file=/etc/passwd"))
                .hasMessageContaining("template file");
        assertThatThrownBy(() -> check("kubectl patch svc web --patch-file=/etc/passwd"))
                .hasMessageContaining("reads a file");
        assertThatThrownBy(() -> check("kubectl get pods --kuberc=/etc/passwd")).hasMessageContaining("file");
        assertThatThrownBy(() -> check("kubectl get pods --profile=cpu")).hasMessageContaining("profiling");
    }

    @Test
    void applyNeedsPastedText() {
        assertThatThrownBy(() -> check("kubectl apply -f -")).hasMessageContaining("paste it after the command line");
        assertThatThrownBy(() -> check("kubectl apply")).hasMessageContaining("kubectl apply -f -");
    }

    @Test
    void runStartsAllowedImagesOnlyAndNeverAttaches() {
        assertThatThrownBy(() -> check("kubectl run x --image=evil/miner"))
                .hasMessageContaining("not one the sandbox")
                .hasMessageContaining("registry.k8s.io/pause:3.10");
        assertThatThrownBy(() -> check("kubectl run x")).hasMessageContaining("needs --image");
        assertThatThrownBy(() -> check("kubectl run x --image=registry.k8s.io/pause:3.10 -it"))
                .hasMessageContaining("attaches");
        assertThatThrownBy(() -> check("kubectl run x --image=registry.k8s.io/pause:3.10 --stdin"))
                .hasMessageContaining("attaches");
        assertThatThrownBy(() -> check("kubectl run x --image=registry.k8s.io/pause:3.10 --overrides={}"))
                .hasMessageContaining("--overrides");
    }

    @Test
    void unicodeLookAlikeDashesNeverReachThePolicy() {
        assertThatThrownBy(() -> check("kubectl get secrets \u2013n kube-system"))
                .isInstanceOf(RefusedCommandException.class)
                .hasMessageContaining("looks like '-'");
    }
}
