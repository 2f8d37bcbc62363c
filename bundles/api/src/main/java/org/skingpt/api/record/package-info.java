/**
 * The clinical record: every consultation, its sanitised images, every answer with the exact models
 * and bundles that produced it, the reports rendered from it, and an append-only, hash-chained audit
 * trail of who did what.
 *
 * <p>{@link org.skingpt.api.record.ClinicalRecord} keeps consultations;
 * {@link org.skingpt.api.record.AuditTrail} keeps the audit; {@link org.skingpt.api.record.NodeRegistry} lists the
 * servers sharing the record. All are provided by the store bundle
 * ({@code org.skingpt.store}) on an embedded H2 database by default, or on PostgreSQL. Every write
 * is committed when the call returns. When the database cannot be reached, calls throw
 * {@link org.skingpt.api.record.RecordUnavailableException} with a message a person can act on, and
 * {@link org.skingpt.api.record.ClinicalRecord#status()} says what is wrong; the store keeps trying
 * and recovers without a restart.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.skingpt.api.record;
