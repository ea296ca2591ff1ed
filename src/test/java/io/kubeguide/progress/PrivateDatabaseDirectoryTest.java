package io.kubeguide.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.files.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

class PrivateDatabaseDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void theDirectoryOfAnH2FileDatabaseIsFoundInItsUrl() {
        assertThat(PrivateDatabaseDirectory.directoryOf("jdbc:h2:file:/home/g/.kubeguide/progress", "/x"))
                .contains(Path.of("/home/g/.kubeguide"));
        assertThat(PrivateDatabaseDirectory.directoryOf("jdbc:h2:file:~/.kubeguide/progress;MODE=PostgreSQL", "/h"))
                .contains(Path.of("/h/.kubeguide"));
        assertThat(PrivateDatabaseDirectory.directoryOf("jdbc:h2:/var/lib/guide/db/progress", "/h"))
                .contains(Path.of("/var/lib/guide/db"));
        assertThat(PrivateDatabaseDirectory.directoryOf("jdbc:h2:./data/progress", "/h"))
                .contains(Path.of("data").toAbsolutePath());
    }

    @Test
    void inMemoryServerAndOtherDatabasesHaveNoDirectory() {
        assertThat(PrivateDatabaseDirectory.directoryOf("jdbc:h2:mem:guide;DB_CLOSE_DELAY=-1", "/h"))
                .isEmpty();
        assertThat(PrivateDatabaseDirectory.directoryOf("jdbc:h2:tcp://db:9092/progress", "/h"))
                .isEmpty();
        assertThat(PrivateDatabaseDirectory.directoryOf("jdbc:postgresql://postgres:5432/guide", "/h"))
                .isEmpty();
        assertThat(PrivateDatabaseDirectory.directoryOf(null, "/h")).isEqualTo(Optional.empty());
    }

    @Test
    void theDatabaseDirectoryIsCreatedOwnerOnlyBeforeTheDatabaseOpens() throws Exception {
        Path db = tmp.resolve("data/db/progress");
        PrivateDatabaseDirectory directory = new PrivateDatabaseDirectory();
        directory.setEnvironment(new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:" + db));

        directory.postProcessBeanFactory(new DefaultListableBeanFactory());

        assertThat(Files.getPosixFilePermissions(tmp.resolve("data"))).isEqualTo(PrivateFiles.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(tmp.resolve("data/db"))).isEqualTo(PrivateFiles.DIRECTORY);
    }
}
