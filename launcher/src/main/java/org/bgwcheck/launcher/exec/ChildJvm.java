package org.bgwcheck.launcher.exec;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.launcher.kind.ChildKind;

/**
 * The command line of an exec()ed child: which java, which options, which jar; the part of
 * {@code internal_forkexec} that builds {@code argv}. PostgreSQL re-executes its own binary; the
 * launcher re-executes its own jar.
 *
 * <p>Start-up time is most of a launch, so the options are chosen for it, each one measured on
 * JDK 17: C1 only ({@code -XX:TieredStopAtLevel=1}; a child that lives long enough to need C2 does
 * not care about start-up), no hsperfdata file ({@code -XX:-UsePerfData}), and a static AppCDS
 * archive of the child's classes and lambda forms when a valid one sits next to the jar
 * ({@code <jar>.jsa}, dumped by the Maven build). JVM warnings go to stderr, because stdout is
 * the child's report channel.
 *
 * <p>An AppCDS archive stops applying when the jar changes after the dump (with a warning at
 * most, and only if warnings are on). So the archive
 * is probed once, with {@code -Xshare:on} (which fails rather than falling back), and left out of
 * the command line if the probe fails: children then start without it, correctly but slower.
 */
public final class ChildJvm {

    public static final String SUB_POSTMASTER_MAIN = "org.bgwcheck.launcher.child.SubPostmasterMain";

    private static final List<String> START_UP_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr");
    private static final long PROBE_TIMEOUT_SECONDS = 60;

    private final Path jar;
    private final Path cdsArchive;
    private final List<String> commandPrefix;

    private ChildJvm(Path javaExecutable, Path jar, Path cdsArchive) {
        this.jar = jar;
        this.cdsArchive = cdsArchive;
        List<String> prefix = new ArrayList<>();
        prefix.add(javaExecutable.toString());
        prefix.addAll(START_UP_OPTIONS);
        if (cdsArchive != null) {
            prefix.add("-Xshare:auto");
            prefix.add("-XX:SharedArchiveFile=" + cdsArchive);
        }
        prefix.add("-cp");
        prefix.add(jar.toString());
        this.commandPrefix = Collections.unmodifiableList(prefix);
    }

    /**
     * The child JVM for the jar this class was loaded from, run by this JVM's java, with the jar's
     * AppCDS archive if it is valid.
     *
     * @throws IllegalStateException if this class was not loaded from a jar (e.g. from
     *                               {@code target/classes} in a unit test): children need the jar
     */
    public static ChildJvm forLauncherJar() throws IOException, InterruptedException {
        Path jar = launcherJar();
        return of(currentJava(), jar, archiveFor(jar));
    }

    /** A child JVM with an explicit java, jar and archive candidate (may be {@code null}). */
    public static ChildJvm of(Path javaExecutable, Path jar, Path archiveCandidate)
            throws IOException, InterruptedException {
        Path archive = archiveCandidate != null && Files.isRegularFile(archiveCandidate)
                && archiveUsable(javaExecutable, jar, archiveCandidate) ? archiveCandidate : null;
        return new ChildJvm(javaExecutable, jar.toAbsolutePath(), archive == null ? null : archive.toAbsolutePath());
    }

    /**
     * A child JVM whose archive candidate was already probed by someone else (a controller passes
     * its {@link #cdsArchive()} on to the postmaster it starts), so no second probe is paid.
     */
    public static ChildJvm probed(Path javaExecutable, Path jar, Path probedArchiveOrNull) {
        return new ChildJvm(javaExecutable, jar.toAbsolutePath(),
                probedArchiveOrNull == null ? null : probedArchiveOrNull.toAbsolutePath());
    }

    /** The launcher jar this class was loaded from. */
    public static Path currentJar() {
        return launcherJar();
    }

    /** The java binary of the running JVM. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Where the build puts a jar's AppCDS archive: beside it, {@code .jar} replaced by {@code .jsa}. */
    public static Path archiveFor(Path jar) {
        String name = jar.getFileName().toString();
        String base = name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
        return jar.resolveSibling(base + ".jsa");
    }

    /** {@code java <options> -cp <jar> SubPostmasterMain --forkchild=<kind> <file>}. */
    public ProcessBuilder forkChild(ChildKind kind, Path parameterFile) {
        return command(SUB_POSTMASTER_MAIN, "--forkchild=" + kind.childName(), parameterFile.toString());
    }

    /** Any main class of the jar in a JVM started exactly like a child (the benchmark's bare start). */
    public ProcessBuilder command(String mainClass, String... args) {
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(mainClass);
        Collections.addAll(command, args);
        return new ProcessBuilder(command);
    }

    public Path jar() {
        return jar;
    }

    /** The AppCDS archive the children use, if the probe found it valid. */
    public Optional<Path> cdsArchive() {
        return Optional.ofNullable(cdsArchive);
    }

    private static Path launcherJar() {
        Path location;
        try {
            location = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the launcher's code: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(location)) {
            throw new IllegalStateException("child processes run the launcher jar, but the launcher was loaded from \""
                    + location + "\"; build the jar first (mvn package) and run from it");
        }
        return location;
    }

    private static boolean archiveUsable(Path javaExecutable, Path jar, Path archive)
            throws IOException, InterruptedException {
        List<String> probe = new ArrayList<>();
        probe.add(javaExecutable.toString());
        probe.addAll(START_UP_OPTIONS);
        probe.add("-Xshare:on");
        probe.add("-XX:SharedArchiveFile=" + archive.toAbsolutePath());
        probe.add("-cp");
        probe.add(jar.toAbsolutePath().toString());
        probe.add("-version");
        Process process = new ProcessBuilder(probe)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return false;
        }
        return process.exitValue() == 0;
    }
}
