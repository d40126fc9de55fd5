package se.provtid.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job id a request's path names (its log lines' job_id): the scan finds what the pattern it replaced found. */
class RequestIdsTest {

    private static final String ID = "job_0123456789abcdef01234567";
    /** The pattern the scan replaced, kept here as the specification. */
    private static final Pattern SPEC = Pattern.compile("(?<![0-9a-zA-Z])job_[0-9a-f]{24}(?![0-9a-zA-Z])");

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/booking/status/" + ID, "/api/v1/booking/stream/" + ID + "?token=x",
        "/api/v1/booking/cancel/" + ID + "/", ID, "/x/" + ID + "-" + ID, "/a/job_x/" + ID, "/a/xjob_0123456789abcdef01234567",
        "/a/job_0123456789abcdef012345678", "/a/job_0123456789abcdef0123456", "/a/job_0123456789ABCDEF01234567",
        "/a/job_0123456789abcdef01234567Z", "/a/9" + ID + "/" + ID, "/a/_" + ID, "/a/" + ID + "_",
        "/api/v1/booking/status/job_nothing", "/health", "", "job_", "/job_job_0123456789abcdef01234567"})
    void findsWhatThePatternFinds(String path) {
        Matcher m = SPEC.matcher(path);
        assertEquals(m.find() ? m.group() : null, RequestIds.jobIn(path), path);
    }

    @Test
    void aStatusPathNamesItsJob() {
        assertEquals(ID, RequestIds.jobIn("/api/v1/booking/status/" + ID));
        assertNull(RequestIds.jobIn(null));
    }
}
