package io.kubeguide.progress;

import io.kubeguide.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Creates the directory of an H2 file database with mode 0700 before anything opens the database (H2 would create it
 * readable by everyone), so that learners' progress is readable by the guide's user only. Runs before any bean is
 * made, hence a {@link BeanFactoryPostProcessor}. An existing directory is left as it is, with a warning when others
 * can read it; {@code ~/.kubeguide} (the default) is the guide's own and is narrowed to 0700.
 */
@Component
class PrivateDatabaseDirectory implements BeanFactoryPostProcessor, EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(PrivateDatabaseDirectory.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        String url = environment.getProperty("spring.datasource.url");
        directoryOf(url, System.getProperty("user.home")).ifPresent(dir -> {
            try {
                PrivateFiles.createDirectories(dir);
                if (!PrivateFiles.isPrivate(dir)) {
                    log.warn("The database directory {} is readable by other users: make it 0700", dir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the database directory " + dir, e);
            }
        });
        if (url != null && url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            log.warn("spring.datasource.url has AUTO_SERVER=TRUE: H2 then opens a TCP port on every interface");
        }
    }

    /**
     * The directory of the database file of an H2 file URL ({@code jdbc:h2:file:~/.kubeguide/progress;...} or
     * {@code jdbc:h2:./data/progress}); empty for in-memory, server and non-H2 URLs.
     */
    static Optional<Path> directoryOf(String url, String userHome) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return Optional.empty();
        }
        String rest = url.substring(8);
        int semicolon = rest.indexOf(';');
        String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            name = name.substring(5);
        } else if (lower.startsWith("mem:")
                || lower.startsWith("tcp:")
                || lower.startsWith("ssl:")
                || lower.startsWith("zip:")
                || lower.matches("^[a-z]{2,}:.*")) {
            return Optional.empty();
        }
        if (name.isBlank()) {
            return Optional.empty();
        }
        if (name.equals("~") || name.startsWith("~/")) {
            name = userHome + name.substring(1);
        }
        Path dir = Path.of(name).toAbsolutePath().normalize().getParent();
        return Optional.ofNullable(dir);
    }
}
