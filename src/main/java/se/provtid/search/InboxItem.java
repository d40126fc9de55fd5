package se.provtid.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import se.provtid.site.Occasion;

/**
 * What a searching job finds in its inbox ({@code RedisKeys#searchInbox}): a slot to try ({@code offer}), or a note
 * that a slot that fitted it went to another of our jobs ({@code note}). Holds no person's data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InboxItem(@JsonProperty("kind") String kind, @JsonProperty("call") String call,
        @JsonProperty("by") String by, @JsonProperty("occasion") Occasion occasion) {

    static final String OFFER = "offer";
    static final String NOTE = "note";
}
