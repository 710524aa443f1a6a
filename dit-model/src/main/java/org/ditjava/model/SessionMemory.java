package org.ditjava.model;

import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;

/**
 * Chooses the memory manager of a SameDiff graph's execution session on the calling thread.
 * SameDiff keeps one {@link InferenceSession} per thread, created lazily with M2.1's default
 * {@code ArrayCacheMemoryMgr} (which may keep up to a quarter of JavaCPP's {@code maxbytes});
 * this creates it up front, or reuses it, with the given manager.
 */
public final class SessionMemory {
    private SessionMemory() {
    }

    /** Uses {@code mgr} for {@code sd} on this thread, closing the manager it replaces. */
    public static void install(SameDiff sd, SessionMemMgr mgr) {
        InferenceSession session = session(sd);
        SessionMemMgr old = session.getMmgr();
        session.setMmgr(mgr);
        if (old != null && old != mgr) {
            old.close();
        }
    }

    /** Installs a pool from {@code pool} unless this thread's session already uses a {@link PooledMemoryMgr}. */
    public static void ensurePooled(SameDiff sd, Supplier<PooledMemoryMgr> pool) {
        if (!(current(sd) instanceof PooledMemoryMgr)) {
            install(sd, pool.get());
        }
    }

    /** The manager of {@code sd}'s session on this thread (the session is created if absent). */
    public static SessionMemMgr current(SameDiff sd) {
        return session(sd).getMmgr();
    }

    private static InferenceSession session(SameDiff sd) {
        return sd.getSessions().computeIfAbsent(Thread.currentThread().getId(), k -> new InferenceSession(sd));
    }
}
