package se.provtid.worker;

import se.provtid.job.Slot;
import se.provtid.site.Occasion;

/** How a job shows a site's occasion to people: as a {@link Slot} in events. */
final class Occasions {

    private Occasions() {
    }

    static Slot slot(Occasion o, String expires) {
        return new Slot(Long.toString(o.examinationId()), o.locationName(), o.date().toString(), o.time(), o.cost(),
                expires);
    }
}
