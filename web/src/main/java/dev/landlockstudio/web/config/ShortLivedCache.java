package dev.landlockstudio.web.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers kept for a moment, for what hot paths read on every request (a token's owner, a policy's latest version).
 * This instance forgets an entry as soon as it changes it; other instances sharing the database see a change within
 * the lifetime. Bounded: when full it starts over.
 */
public final class ShortLivedCache<K, V> {

    private record Entry<V>(Optional<V> value, long expiresAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long lifetimeNanos;
    private final int capacity;

    public ShortLivedCache(Duration lifetime, int capacity) {
        this.lifetimeNanos = lifetime.toNanos();
        this.capacity = capacity;
    }

    /** The answer for {@code key}, from {@code load} when there is none younger than the lifetime. */
    public Optional<V> get(K key, Function<K, Optional<V>> load) {
        long now = System.nanoTime();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.expiresAt() - now > 0) {
            return entry.value();
        }
        Optional<V> value = load.apply(key);
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, now + lifetimeNanos));
        return value;
    }

    public void forget(K key) {
        entries.remove(key);
    }

    public void forgetAll() {
        entries.clear();
    }
}
