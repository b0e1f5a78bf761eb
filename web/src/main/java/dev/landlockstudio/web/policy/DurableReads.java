package dev.landlockstudio.web.policy;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * No read answers a version before it is in the database file. H2 shows a commit to other sessions a moment before
 * it has written it: a read in that moment could answer "vN", a kill -9 would then lose vN, and the next save would
 * be a vN with other content, contradicting what that client was told. So a save holds this gate from before its
 * first change until its transaction has ended (committed and written, or rolled back), and a read, once done,
 * waits until no save holds it: any save it may have seen is then written. (PostgreSQL makes a commit visible only
 * after its WAL is flushed; there the gate only orders this instance's own reads.)
 */
final class DurableReads {

    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

    /** Called first in a save's transaction: readers wait from now until the transaction has ended. */
    void saving() {
        gate.writeLock().lock();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                gate.writeLock().unlock();
            }
        });
    }

    /** What was read, returned once every save it may show is written. */
    <T> T revealed(T read) {
        // Taken after the read, not around it: a reader holds nothing (no connection) while it waits.
        gate.readLock().lock();
        gate.readLock().unlock();
        return read;
    }
}
