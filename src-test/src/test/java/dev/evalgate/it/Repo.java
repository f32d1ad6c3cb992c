package dev.evalgate.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests run in (deploy/, docs/), found from the module's dir. */
final class Repo {

    private Repo() {}

    /** The repository root: the nearest ancestor of the working directory holding deploy/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    /** {@code relative} under the repository root. */
    static Path file(String relative) {
        return root().resolve(relative);
    }
}
