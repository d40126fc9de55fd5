package se.provtid.job;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a person wants of a slot beyond places and dates, validated: every field may be null (no such rule). Stored
 * inside the job's request JSON with the wire names of the start request, so a stored job reads back as it was sent.
 *
 * @param weekdays the days of the week a slot may fall on (null or empty: any)
 * @param times the earliest and latest start time of day (Swedish time), either may be null
 * @param minNotice how far from now a slot must start at the least
 * @param near a point and a distance: the places within it are searched next to the named ones
 * @param rank which of several fitting slots a job takes (null: {@link Rank#earliest})
 * @param bookBefore only a slot strictly before this date
 * @param watchUntil when a watch for the job ends at the latest (read by the watch)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Preferences(
        @JsonProperty("weekdays") @JsonSerialize(contentUsing = WeekdayWriter.class)
        @JsonDeserialize(contentUsing = WeekdayReader.class) Set<DayOfWeek> weekdays,
        @JsonProperty("times") Times times,
        @JsonProperty("min_notice") @JsonFormat(shape = JsonFormat.Shape.STRING) Duration minNotice,
        @JsonProperty("near") Near near,
        @JsonProperty("rank") Rank rank,
        @JsonProperty("book_before") @JsonFormat(shape = JsonFormat.Shape.STRING) LocalDate bookBefore,
        @JsonProperty("watch_until") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant watchUntil) {

    /** No preferences: every slot at the job's places and dates fits. */
    public static final Preferences NONE = new Preferences(null, null, null, null, null, null, null);

    /** Slots' dates and times are the site's: Swedish. */
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final double EARTH_KM = 6371.0088;

    /** Which of several fitting slots a job takes. */
    public enum Rank {
        /** The earliest (date, then time). */
        earliest,
        /** The nearest to {@code near}, then the earliest. */
        nearest
    }

    /** The earliest and latest start time of day a slot may have, both inclusive; either may be null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Times(@JsonProperty("earliest") @JsonFormat(pattern = "HH:mm") LocalTime earliest,
            @JsonProperty("latest") @JsonFormat(pattern = "HH:mm") LocalTime latest) {
    }

    /** A point (WGS 84 degrees) and a distance in km around it. */
    public record Near(@JsonProperty("lat") double lat, @JsonProperty("lon") double lon,
            @JsonProperty("max_km") double maxKm) {

        /** The great-circle distance from this point, in km. */
        public double kmTo(double latitude, double longitude) {
            return distanceKm(lat, lon, latitude, longitude);
        }

        /** Whether the point lies within {@link #maxKm} of this one. */
        public boolean covers(double latitude, double longitude) {
            return kmTo(latitude, longitude) <= maxKm;
        }
    }

    public Preferences {
        weekdays = weekdays == null || weekdays.isEmpty() ? null
                : Collections.unmodifiableSet(EnumSet.copyOf(weekdays));
    }

    /** {@code p}, or {@link #NONE} for null (a request stored before preferences existed). */
    public static Preferences orNone(Preferences p) {
        return p == null ? NONE : p;
    }

    /** Whether these are no preferences at all. */
    @JsonIgnore
    public boolean isNone() {
        return equals(NONE);
    }

    /** The rank, {@link Rank#earliest} when none was asked for. */
    @JsonIgnore
    public Rank ranking() {
        return rank == null ? Rank.earliest : rank;
    }

    /**
     * Whether a slot on {@code date} at {@code time} ("HH:MM", Swedish time) fits: weekday, time of day, notice from
     * {@code now}, and strictly before {@code bookBefore}. A time that cannot be read fits only when no rule needs it.
     */
    public boolean accepts(LocalDate date, String time, Instant now) {
        if (weekdays != null && !weekdays.contains(date.getDayOfWeek())) {
            return false;
        }
        if (bookBefore != null && !date.isBefore(bookBefore)) {
            return false;
        }
        if (times == null && minNotice == null) {
            return true;
        }
        LocalTime start = time(time);
        if (start == null) {
            return false; // never book a slot whose time we cannot check against what the person asked
        }
        if (times != null && (times.earliest() != null && start.isBefore(times.earliest())
                || times.latest() != null && start.isAfter(times.latest()))) {
            return false;
        }
        return minNotice == null || !date.atTime(start).atZone(SWEDEN).toInstant().isBefore(now.plus(minNotice));
    }

    private static LocalTime time(String hhmm) {
        if (hhmm == null) {
            return null;
        }
        try {
            return LocalTime.parse(hhmm.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The haversine distance between two points (degrees), in km. */
    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** A weekday's wire name: {@code mon} .. {@code sun}. */
    public static String wireName(DayOfWeek d) {
        return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }

    /** The weekday of a wire name, or null. */
    public static DayOfWeek weekday(String wire) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (wireName(d).equals(wire)) {
                return d;
            }
        }
        return null;
    }

    /** Writes a weekday as {@code mon} .. {@code sun}. */
    public static final class WeekdayWriter extends JsonSerializer<DayOfWeek> {
        @Override
        public void serialize(DayOfWeek d, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(wireName(d));
        }
    }

    /** Reads {@code mon} .. {@code sun}. */
    public static final class WeekdayReader extends JsonDeserializer<DayOfWeek> {
        @Override
        public DayOfWeek deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
            DayOfWeek d = weekday(parser.getValueAsString());
            if (d == null) {
                return (DayOfWeek) ctx.handleWeirdStringValue(DayOfWeek.class, parser.getValueAsString(),
                        "not a weekday (mon..sun)");
            }
            return d;
        }
    }

    /** Jackson's value filter that leaves out no preferences ({@code @JsonInclude(CUSTOM)}): equal to none. */
    public static final class IsNone {
        @Override
        public boolean equals(Object other) {
            return other == null || other instanceof Preferences p && p.isNone();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
