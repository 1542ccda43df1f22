package io.daisi.ws.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerSourceTest {

    @Test
    void aValueIsMadeOncePerSourceObjectAndAgainWhenAnotherTakesItsPlace() {
        List<String> made = new ArrayList<>();
        PerSource<List<String>, String> joined = new PerSource<>(source -> {
            made.add(String.join(",", source));
            return String.join(",", source);
        });
        List<String> first = List.of("a", "b");
        List<String> reloaded = new ArrayList<>(first); // equal, but a new object: as after a reload

        assertThat(joined.of(first)).isEqualTo("a,b");
        assertThat(joined.of(first)).isEqualTo("a,b");
        assertThat(made).as("made once for the same object").hasSize(1);
        assertThat(joined.of(reloaded)).isEqualTo("a,b");
        assertThat(made).as("made again for a new object").hasSize(2);
    }
}
