package se.provtid.queue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import se.provtid.job.JobStatus;
import se.provtid.job.JobSummary;

/**
 * Lists jobs newest first from the creation-time indexes (fleet-wide, or one user's), a page per round trip, on the
 * API's reactive client. Entries whose job has expired are removed as a page meets them.
 */
@Singleton
public class JobListing {

    /** Most index entries one page looks at; a filtered page may come back short, with a cursor to go on. */
    static final int SCAN_BUDGET = 1000;

    private final RedisKeys keys;
    private final LuaScripts lua;
    private final JobCodec codec;

    public JobListing(RedisKeys keys, LuaScripts lua, JobCodec codec) {
        this.keys = keys;
        this.lua = lua;
        this.codec = codec;
    }

    /** Where the previous page ended: the creation time and id of its last entry. */
    public record Cursor(long createdMs, String jobId) {

        /** The opaque text form handed to clients. */
        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdMs + ":" + jobId).getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor of the text form, or null when it is not one. */
        public static Cursor decode(String text) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int sep = s.indexOf(':');
                String id = s.substring(sep + 1);
                if (sep < 1 || id.isEmpty() || id.length() > 100 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    return null;
                }
                return new Cursor(Long.parseLong(s.substring(0, sep)), id);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** One page: its jobs, newest first, and where the next page starts (null at the end). */
    public record Page(List<JobSummary> jobs, Cursor next) {
    }

    /** A page of jobs, optionally only one user's (userId) and one status, after the cursor (null: from the newest). */
    public Uni<Page> page(String userId, JobStatus status, Cursor after, int limit) {
        List<String> args = new ArrayList<>(List.of(keys.jobPrefix(),
                after == null ? "+inf" : Long.toString(after.createdMs()), after == null ? "" : after.jobId(),
                Integer.toString(limit), status == null ? "" : status.name(), Integer.toString(SCAN_BUDGET),
                JobCodec.IN_QUEUE));
        args.addAll(codec.summaryFields());
        String index = userId == null ? keys.jobIndex() : keys.userJobIndex(userId);
        return lua.call("list", List.of(index, keys.queue(), keys.jobIndex()), args).map(this::page);
    }

    private Page page(Response r) {
        List<JobSummary> jobs = new ArrayList<>();
        int idAt = codec.summaryFields().size() + 1;
        for (Response row : r.get(2)) {
            JobSummary s = codec.summary(row.get(idAt).toString(), row);
            if (s != null) {
                jobs.add(s);
            }
        }
        String score = r.get(0).toString();
        return new Page(jobs, score.isEmpty() ? null
                : new Cursor((long) Double.parseDouble(score), r.get(1).toString()));
    }
}
