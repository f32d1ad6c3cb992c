package dev.evalgate.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BoundedLabelTest {

    @Test
    void keepsTheFirstValuesAndFoldsLaterOnesIntoOther() {
        BoundedLabel label = new BoundedLabel(2, "none");

        assertThat(label.of("a")).isEqualTo("a");
        assertThat(label.of("b")).isEqualTo("b");
        assertThat(label.of("c")).isEqualTo("other");
        assertThat(label.of("a")).isEqualTo("a");
        assertThat(label.of(null)).isEqualTo("none");
        assertThat(label.of("")).isEqualTo("none");
    }

    @Test
    void otherAndMissingTakeNoSlot() {
        BoundedLabel label = new BoundedLabel(1, "none");

        assertThat(label.of("other")).isEqualTo("other");
        assertThat(label.of("none")).isEqualTo("none");
        assertThat(label.of("a")).isEqualTo("a");
        assertThat(label.of("b")).isEqualTo("other");
    }

    @Test
    void zeroCapacityFoldsEverything() {
        assertThat(new BoundedLabel(0, "none").of("a")).isEqualTo("other");
    }

    @Test
    void admitsExactlyCapacityValuesUnderContention() throws Exception {
        BoundedLabel label = new BoundedLabel(10, "none");
        Set<String> labels = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(
                    pool.submit(
                            () -> {
                                start.await();
                                for (int i = 0; i < 1_000; i++) {
                                    labels.add(label.of("v" + ((i * 7 + thread) % 100)));
                                }
                                return null;
                            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        assertThat(labels).contains("other").hasSize(11);
    }
}
