package se.provtid.site.trafikverket;

import java.util.Map;

/** What search-information tells: the locations by name and the exam type id for the asked exam. */
public record SearchInfo(Map<String, Long> locationIds, Integer examinationTypeId) {
}
