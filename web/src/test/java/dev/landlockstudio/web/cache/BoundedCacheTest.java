package dev.landlockstudio.web.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void anAnswerIsAskedOnceUntilForgotten() {
        BoundedCache<String, Integer> cache = BoundedCache.lasting(10);
        AtomicInteger asked = new AtomicInteger();
        assertThat(cache.get("a", key -> asked.incrementAndGet())).isEqualTo(1);
        assertThat(cache.get("a", key -> asked.incrementAndGet())).isEqualTo(1);
        cache.forget("a");
        assertThat(cache.get("a", key -> asked.incrementAndGet())).isEqualTo(2);
        cache.forgetAll();
        assertThat(cache.get("a", key -> asked.incrementAndGet())).isEqualTo(3);
    }

    @Test
    void anExpiredAnswerIsAskedAgain() throws InterruptedException {
        BoundedCache<String, Integer> cache = BoundedCache.expiring(Duration.ofMillis(20), 10);
        AtomicInteger asked = new AtomicInteger();
        cache.get("a", key -> asked.incrementAndGet());
        Thread.sleep(40);
        assertThat(cache.get("a", key -> asked.incrementAndGet())).isEqualTo(2);
    }

    /** Many keys that each miss once (unknown tokens, say): at most capacity answers are kept, the newest among them. */
    @Test
    void itNeverHoldsMoreThanItsCapacity() {
        BoundedCache<Integer, Integer> cache = BoundedCache.expiring(Duration.ofMinutes(1), 100);
        for (int i = 0; i < 10_000; i++) {
            cache.get(i, key -> key);
        }
        assertThat(cache.get(9_999, key -> -1)).as("the newest answer").isEqualTo(9_999);
        AtomicInteger misses = new AtomicInteger();
        for (int i = 0; i < 10_000; i++) {
            cache.get(i, key -> {
                misses.incrementAndGet();
                return key;
            });
        }
        assertThat(misses.get()).as("keys asked again that were no longer kept").isGreaterThanOrEqualTo(10_000 - 100);
    }
}
