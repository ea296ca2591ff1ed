package io.kubeguide.sandbox;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One piece of sandbox work at a time per learner (a submission, a check): they share one sandbox. In this process
 * ({@link #inMemory()}) for one guide alone; across every replica with PostgreSQL advisory locks
 * ({@link PostgresLearnerLocks}).
 */
public interface LearnerLocks {

    /** Waits for the learner's lock; closing the answer lets it go. */
    Held lock(String learnerId);

    /** A held lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Locks of this process; weak, so a lock nobody holds is forgotten. */
    static LearnerLocks inMemory() {
        Cache<String, ReentrantLock> locks = Caffeine.newBuilder().weakValues().build();
        return learnerId -> {
            ReentrantLock lock = locks.get(learnerId, id -> new ReentrantLock());
            lock.lock();
            return lock::unlock;
        };
    }
}
