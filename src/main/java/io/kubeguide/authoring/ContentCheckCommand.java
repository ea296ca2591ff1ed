package io.kubeguide.authoring;

import io.kubeguide.sandbox.SandboxFenceProperties;
import io.kubeguide.sandbox.SandboxProperties;
import io.kubeguide.sandbox.SandboxProperties.ProviderSetting;
import io.kubeguide.sandbox.SandboxProviders;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.embedded.EmbeddedClusterProperties;
import io.kubeguide.sandbox.provider.EmbeddedClusterConnection;
import io.kubeguide.sandbox.provider.SandboxConfiguration;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * {@code java -jar guide.jar --check-content=./content}: checks an author's course folder and exits instead of
 * serving (status 0 when everything behaves as the specs say, 1 on any mismatch, 2 when it cannot run). Starts no web
 * server and no database: only the settings ({@code application.yml}, environment, {@code --guide.*} arguments) and
 * the sandboxes. The sandboxes are the embedded control plane's, or with {@code --guide.sandbox.provider=cluster} a
 * cluster's from {@code guide.sandbox.kubeconfig}.
 */
public final class ContentCheckCommand {

    static final String OPTION = "--check-content=";

    private ContentCheckCommand() {}

    public static boolean requested(String[] args) {
        return folder(args).isPresent();
    }

    /** Runs the check and says how it went, as the process's exit status. */
    public static int run(String[] args, PrintStream out) {
        Path dir = Path.of(folder(args).orElseThrow());
        if (!Files.isRegularFile(dir.resolve("course.yaml"))) {
            out.println("Not a course folder: " + dir.toAbsolutePath() + " has no course.yaml");
            return 2;
        }
        try (ConfigurableApplicationContext settings = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // the author reads the table; the guide's own log only says what went wrong
                .properties("logging.level.root=warn")
                .run(args)) {
            Optional<String> noCluster = cannotRun(settings);
            if (noCluster.isPresent()) {
                out.println("The content check cannot prove the answers here: " + noCluster.get());
                return 2;
            }
            SandboxService sandboxes = sandboxes(settings);
            try {
                out.println("Checking the course in " + dir.toAbsolutePath() + " ...");
                ContentCheck.Result result = new ContentCheck(
                                sandboxes,
                                settings.getBean(ContentCheckProperties.class).parallel())
                        .run(dir, progress(out));
                out.println();
                CheckTable.print(result, out);
                return result.ok() ? 0 : 1;
            } finally {
                sandboxes.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } catch (RuntimeException e) {
            out.println("The content check could not run: " + e.getMessage());
            return 2;
        }
    }

    /** A dot for each row as it is found (a mismatch as {@code x}), fifty a line: a long run shows it is moving. */
    private static Consumer<Finding> progress(PrintStream out) {
        AtomicInteger rows = new AtomicInteger();
        return f -> {
            synchronized (out) {
                out.print(f.ok() ? "." : "x");
                if (rows.incrementAndGet() % 50 == 0) {
                    out.println();
                }
                out.flush();
            }
        };
    }

    /** Why no sandbox could be made, said before 200 answers each say it. */
    private static Optional<String> cannotRun(ConfigurableApplicationContext settings) {
        SandboxProperties sandbox = settings.getBean(SandboxProperties.class);
        if (sandbox.provider() == ProviderSetting.CLUSTER) {
            return sandbox.kubeconfig() != null && Files.isReadable(sandbox.kubeconfig())
                    ? Optional.empty()
                    : Optional.of("guide.sandbox.kubeconfig " + sandbox.kubeconfig() + " is not a readable file.");
        }
        return EmbeddedClusterConnection.problem(settings.getBean(EmbeddedClusterProperties.class));
    }

    private static SandboxService sandboxes(ConfigurableApplicationContext settings) {
        SandboxProperties sandbox = settings.getBean(SandboxProperties.class)
                .withInstanceId("content-check-" + ProcessHandle.current().pid())
                // one sandbox an answer, all kept until the end
                .withMaxConcurrent(10_000);
        String provider = sandbox.provider() == ProviderSetting.CLUSTER ? "cluster" : "embedded";
        return new SandboxService(
                sandbox,
                SandboxProviders.of(SandboxConfiguration.create(
                        provider,
                        sandbox,
                        settings.getBean(SandboxFenceProperties.class),
                        settings.getBean(EmbeddedClusterProperties.class),
                        sandbox.instanceId())));
    }

    private static Optional<String> folder(String[] args) {
        return Arrays.stream(args)
                .filter(a -> a.startsWith(OPTION))
                .map(a -> a.substring(OPTION.length()))
                .findFirst();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        SandboxProperties.class,
        SandboxFenceProperties.class,
        EmbeddedClusterProperties.class,
        ContentCheckProperties.class
    })
    static class Settings {}
}
