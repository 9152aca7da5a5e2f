package org.bgwcheck.launcher.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.bgwcheck.core.backend.BackgroundWorkerLock.Mode;

/**
 * A process that hammers {@link SharedBackgroundWorkerLock} in a shared file, for the cross-process
 * lock test: each round takes the lock EXCLUSIVE and increments a counter and a pair of words with
 * <em>plain</em> loads and stores (so only the lock's acquire/release ordering keeps them right),
 * then takes it SHARED and checks the pair is equal. Run several at once; the counter must end at
 * the sum of their rounds and no reader may ever see a torn pair.
 *
 * <pre>java ... LockTorture &lt;file&gt; &lt;rounds&gt;</pre>
 *
 * It prints {@code ready}, waits for one byte on stdin (so that all of them start together), runs.
 *
 * Layout of the file (4096 bytes, zero at start): lock word at 64, counter at 128, pair at 192/196.
 * Prints {@code torture rounds=<n> torn=<n>} and exits 0, or 1 if it saw a torn pair.
 */
public final class LockTorture {

    public static final int LOCK = 64;
    public static final int COUNTER = 128;
    public static final int PAIR_A = 192;
    public static final int PAIR_B = 196;
    public static final int SIZE = 4096;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private LockTorture() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        MappedByteBuffer map;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
        }
        var buffer = map.order(ByteOrder.nativeOrder());
        SharedBackgroundWorkerLock lock = new SharedBackgroundWorkerLock(buffer, LOCK, TimeUnit.SECONDS.toNanos(60));
        System.out.println("ready");
        System.out.flush();
        if (System.in.read() < 0) { // the go signal, so that every process starts at once
            return;
        }
        int torn = 0;
        for (int i = 0; i < rounds; i++) {
            lock.acquire(Mode.EXCLUSIVE);
            try {
                INT.set(buffer, COUNTER, (int) INT.get(buffer, COUNTER) + 1);
                int a = (int) INT.get(buffer, PAIR_A);
                INT.set(buffer, PAIR_A, a + 1);
                INT.set(buffer, PAIR_B, a + 1);
            } finally {
                lock.release(Mode.EXCLUSIVE);
            }
            lock.acquire(Mode.SHARED);
            try {
                if ((int) INT.get(buffer, PAIR_A) != (int) INT.get(buffer, PAIR_B)) {
                    torn++;
                }
            } finally {
                lock.release(Mode.SHARED);
            }
        }
        System.out.println("torture rounds=" + rounds + " torn=" + torn);
        System.exit(torn == 0 ? 0 : 1);
    }
}
