package dev.landlockstudio.web.cache;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers kept so that hot paths need not ask again, at most {@code capacity} of them: what every request reads (a
 * token's owner, a policy's latest version, the host report) for a short lifetime, since another instance sharing
 * the database may change it; what never changes (a saved version's compiled output) for as long as there is room.
 * This instance forgets an entry as soon as it changes what the entry answers.
 */
public final class BoundedCache<K, V> {

    private record Entry<V>(V value, long expiresAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Null for answers that never go stale. */
    private final Long lifetimeNanos;
    private final int capacity;

    private BoundedCache(Long lifetimeNanos, int capacity) {
        this.lifetimeNanos = lifetimeNanos;
        this.capacity = capacity;
    }

    /** Each answer kept for {@code lifetime}, then asked again. */
    public static <K, V> BoundedCache<K, V> expiring(Duration lifetime, int capacity) {
        return new BoundedCache<>(lifetime.toNanos(), capacity);
    }

    /** Answers that never go stale, kept until room is needed. */
    public static <K, V> BoundedCache<K, V> lasting(int capacity) {
        return new BoundedCache<>(null, capacity);
    }

    /** The answer for {@code key}, from {@code load} when there is none (or none younger than the lifetime). */
    public V get(K key, Function<K, V> load) {
        long now = System.nanoTime();
        Entry<V> entry = entries.get(key);
        if (entry != null && !expired(entry, now)) {
            return entry.value();
        }
        V value = load.apply(key);
        if (entry == null && entries.size() >= capacity) {
            makeRoom();
        }
        entries.put(key, new Entry<>(value, lifetimeNanos == null ? 0 : now + lifetimeNanos));
        return value;
    }

    public void forget(K key) {
        entries.remove(key);
    }

    public void forgetAll() {
        entries.clear();
    }

    private boolean expired(Entry<V> entry, long now) {
        return lifetimeNanos != null && entry.expiresAt() - now <= 0;
    }

    /**
     * Drops any one answer: all are equally cheap to ask again, and a stale one left is replaced when next asked. Never
     * a sweep: requests that miss (an unknown token, say) come at the rate a client chooses.
     */
    private void makeRoom() {
        Iterator<K> any = entries.keySet().iterator();
        if (any.hasNext()) {
            entries.remove(any.next());
        }
    }
}
