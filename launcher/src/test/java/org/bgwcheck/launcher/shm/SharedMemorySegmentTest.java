package org.bgwcheck.launcher.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.bgwcheck.core.backend.BackgroundWorkerLock.Mode;
import org.bgwcheck.core.shmem.SlotArrayLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedMemorySegmentTest {

    @TempDir
    Path dir;

    @Test
    void aChildAttachesToThePostmastersSegmentAndSeesItsWrites() throws Exception {
        Path file = dir.resolve("shm");
        SharedMemorySegment pm = SharedMemorySegment.create(file, 8, 4242);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(SharedMemorySegment.SLOT_ARRAY + SlotArrayLayout.sizeFor(8), Files.size(file));
        pm.slots().setTotalSlots(8);
        pm.slots().setParallelRegisterCount(3);

        SharedMemorySegment child = SharedMemorySegment.attach(file, map(file), 8, 4242);
        assertEquals(8, child.slots().totalSlots());
        assertEquals(3, child.slots().parallelRegisterCount());
        assertEquals(1, child.generation());
        assertEquals(4242, child.ownerPid());

        child.pmSignal().set();
        assertTrue(pm.pmSignal().checkAndClear());
        assertFalse(pm.pmSignal().checkAndClear(), "a signal is consumed once");
        child.lock().acquire(Mode.EXCLUSIVE);
        assertFalse(pm.lock().tryAcquire(Mode.SHARED));
        pm.resetSynchronisation(); // crash-restart: the holder is gone
        assertTrue(child.lock().tryAcquire(Mode.SHARED));
        assertEquals(2, pm.bumpGeneration());
        assertEquals(2, child.generation());
    }

    @Test
    void aChildRefusesASegmentThatIsNotItsPostmasters() throws Exception {
        Path file = dir.resolve("shm");
        SharedMemorySegment.create(file, 8, 4242);
        assertRefused(file, 8, 1, "belongs to postmaster 4242, not to 1");
        assertRefused(file, 4, 4242, "was sized for 8 slots, but max_worker_processes is 4");
        assertRefused(file, 9, 4242, "9 slots need");
        Path other = Files.write(dir.resolve("other"), new byte[(int) SharedMemorySegment.sizeFor(8)]);
        assertRefused(other, 8, 4242, "bad magic");
    }

    @Test
    void creationIsExclusive() throws Exception {
        Path file = dir.resolve("shm");
        SharedMemorySegment.create(file, 2, 1);
        assertThrows(FileAlreadyExistsException.class, () -> SharedMemorySegment.create(file, 2, 1));
    }

    private static void assertRefused(Path file, int slots, long pid, String fragment) throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedMemorySegment.attach(file, map(file), slots, pid));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static java.nio.MappedByteBuffer map(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
        }
    }
}
