package se.provtid.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Jackson's read limits, set explicitly rather than left to a library default: shallow nesting (no request of
 * ours nests deeper than 4), bounded strings and numbers. Stored JSON (events, sealed sessions) fits well inside.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    static final int MAX_NESTING = 64;
    static final int MAX_STRING = 1 << 20;
    static final int MAX_NUMBER = 64;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                .maxStringLength(MAX_STRING).maxNumberLength(MAX_NUMBER).build());
    }
}
