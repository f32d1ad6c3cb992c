package dev.evalgate.cache.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LeafPrintsTest {

    private static long[] prints(String json) {
        return LeafPrints.of(json.getBytes(StandardCharsets.UTF_8));
    }

    private static int distance(String a, String b) {
        long[] y = prints(b);
        ByteBuffer buf = ByteBuffer.allocate(y.length * Long.BYTES);
        for (long v : y) {
            buf.putLong(v);
        }
        buf.flip();
        return LeafPrints.distance(prints(a), buf, y.length);
    }

    @Test
    void equalDocumentsAreAtDistanceZeroWhateverTheirMemberOrder() {
        assertThat(
                        distance(
                                "{\"a\":1,\"b\":[true,null,\"x\"]}",
                                "{\"b\":[true,null,\"x\"],\"a\":1}"))
                .isZero();
    }

    @Test
    void aChangedLeafCountsTwiceAndAnAddedOneOnce() {
        assertThat(distance("{\"a\":1,\"b\":2}", "{\"a\":1,\"b\":3}")).isEqualTo(2);
        assertThat(distance("{\"a\":1}", "{\"a\":1,\"b\":3}")).isEqualTo(1);
    }

    @Test
    void positionTypeAndPlaceOfALeafAllCount() {
        assertThat(distance("[1,2]", "[2,1]")).isEqualTo(4);
        assertThat(distance("{\"a\":\"1\"}", "{\"a\":1}")).isEqualTo(2);
        assertThat(distance("{\"a\":{\"b\":1}}", "{\"b\":{\"a\":1}}")).isEqualTo(2);
        assertThat(distance("{\"a\":[{\"b\":1}]}", "{\"a\":[{\"b\":1},{\"b\":1}]}")).isEqualTo(1);
    }

    @Test
    void emptyContainersAreLeavesOfTheirOwn() {
        assertThat(prints("{\"a\":{},\"b\":[]}")).hasSize(2);
        assertThat(distance("{\"a\":{}}", "{\"a\":[]}")).isEqualTo(2);
        assertThat(distance("{\"a\":{}}", "{\"a\":{\"x\":1}}")).isEqualTo(2);
    }

    @Test
    void unparseableOrOversizedDocumentsHaveNoPrints() {
        assertThat(prints("{\"a\":")).isNull();
        assertThat(prints("not json")).isNull();
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i <= LeafPrints.MAX_LEAVES; i++) {
            big.append(i == 0 ? "" : ",").append(i);
        }
        assertThat(prints(big.append(']').toString())).isNull();
    }
}
