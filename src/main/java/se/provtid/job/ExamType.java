package se.provtid.job;

import java.util.Arrays;
import java.util.Optional;

/** The kind of exam, by its Swedish name as the API takes it. */
public enum ExamType {
    KORPROV("Körprov"), KUNSKAPSPROV("Kunskapsprov");

    private final String label;

    ExamType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The exam type with this label, ignoring case. */
    public static Optional<ExamType> fromLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equalsIgnoreCase(label)).findFirst();
    }
}
