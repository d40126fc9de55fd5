package se.provtid.queue;

/**
 * What one worker process runs, as it last told the fleet: its jobs and its browsers (hosts, contexts, memory).
 * Kept in Redis as a short colon-separated string, read by the stats script without parsing JSON.
 */
public record WorkerVitals(int jobs, int capacity, int browserHosts, int browserContexts, long browserMemoryBytes) {

    public String encode() {
        return jobs + ":" + capacity + ":" + browserHosts + ":" + browserContexts + ":" + browserMemoryBytes;
    }

    /** The vitals a worker wrote, or null for a value this version cannot read (a newer or older worker). */
    public static WorkerVitals decode(String s) {
        if (s == null) {
            return null;
        }
        String[] p = s.split(":");
        if (p.length != 5) {
            return null;
        }
        try {
            return new WorkerVitals(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Integer.parseInt(p[3]), Long.parseLong(p[4]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
