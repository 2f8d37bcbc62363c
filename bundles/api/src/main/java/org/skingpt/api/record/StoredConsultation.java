package org.skingpt.api.record;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.Findings;

/**
 * A consultation as the record holds it.
 *
 * @param header   what was known at the start
 * @param status   open or closed
 * @param closedAt when it was closed, null while open
 * @param images   the sanitised images, in the order they were given
 * @param answers  every answer in order of its index, whatever its status
 * @param findings the structured result of the standard questions, null when none was recorded
 * @param reports  reports rendered from it, oldest first
 */
public record StoredConsultation(
        ConsultationHeader header,
        ConsultationStatus status,
        Instant closedAt,
        List<ConsultationImage> images,
        List<StoredAnswer> answers,
        Findings findings,
        List<RenderedReport> reports) {

    public StoredConsultation {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(status, "status");
        images = List.copyOf(images == null ? List.of() : images);
        answers = List.copyOf(answers == null ? List.of() : answers);
        reports = List.copyOf(reports == null ? List.of() : reports);
    }

    /** The consultation's identifier. */
    public String id() {
        return header.id();
    }
}
