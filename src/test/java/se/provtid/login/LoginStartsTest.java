package se.provtid.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Turns at opening the site: bounded, given in the order they were asked for, and given back once. */
class LoginStartsTest {

    @Test
    void turnsGoFirstComeFirstServed() throws Exception {
        LoginStarts starts = new LoginStarts(1);
        LoginStarts.Turn first = starts.take();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Thread> waiting = new java.util.ArrayList<>();
        for (String job : List.of("b", "c", "d", "e")) {
            int before = starts.waiting();
            waiting.add(Thread.ofVirtual().start(() -> {
                try (LoginStarts.Turn t = starts.take()) {
                    order.add(job);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            while (starts.waiting() == before) { // queued before the next one asks
                Thread.sleep(5);
            }
        }
        first.close();
        first.close(); // a second close gives nothing back twice
        for (Thread t : waiting) {
            t.join(5_000);
        }
        assertEquals(List.of("b", "c", "d", "e"), order);
        assertEquals(0, starts.waiting());
        // Exactly one turn is free again: the double close did not make two.
        LoginStarts.Turn again = starts.take();
        Thread late = Thread.ofVirtual().start(() -> {
            try {
                starts.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        late.join(300);
        assertEquals(true, late.isAlive(), "a second job waits while the one turn is taken");
        late.interrupt();
        again.close();
    }

    @Test
    void unsetMeansOneTurnPerCpu() {
        assertEquals(Runtime.getRuntime().availableProcessors(), new LoginStarts(0).size());
        assertEquals(7, new LoginStarts(7).size());
    }
}
