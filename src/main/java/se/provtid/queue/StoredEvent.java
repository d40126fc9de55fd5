package se.provtid.queue;

/** One entry of a job's event stream: its stream id, type and envelope JSON. */
public record StoredEvent(String id, String type, String json) {
}
