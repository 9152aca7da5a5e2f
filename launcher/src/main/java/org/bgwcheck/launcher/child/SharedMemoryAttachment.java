package org.bgwcheck.launcher.child;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.bgwcheck.launcher.kind.ChildFatalException;
import org.bgwcheck.launcher.param.IoErrors;

/**
 * {@code PGSharedMemoryReAttach}: maps the postmaster's shared-memory file into an exec()ed child.
 * The mapping is raw bytes here; a kind that works in it checks and interprets its layout
 * ({@code shm.SharedMemorySegment.attach}: launcher header plus core's slot array).
 */
public final class SharedMemoryAttachment {

    private SharedMemoryAttachment() {
    }

    public static MappedByteBuffer reattach(Path file) throws ChildFatalException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size == 0 || size > Integer.MAX_VALUE) {
                throw new ChildFatalException("shared memory file \"" + file + "\" has unusable size " + size);
            }
            // The mapping outlives the channel.
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        } catch (IOException e) {
            throw new ChildFatalException("could not attach to shared memory file \"" + file + "\": "
                    + IoErrors.reason(e));
        }
    }
}
