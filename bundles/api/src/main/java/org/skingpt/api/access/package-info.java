/**
 * Access for machines: API tokens that hospital systems (an EHR, a PACS, a patient portal) present to
 * SkinGPT's HTTP API. Tokens are created by an admin, shown once, stored only as a SHA-256 hash in the
 * clinical record's database (so that every server behind a load balancer knows them), scoped, expiring
 * and revocable. The store bundle ({@code org.skingpt.store}) provides {@link org.skingpt.api.access.ApiTokens}.
 *
 * <p>Access for people: {@link org.skingpt.api.access.UserAccounts} (since 1.1), the sign-in accounts with their
 * groups, roles and lock state, provided by the accounts bundle ({@code org.skingpt.accounts}); since 1.2 it also
 * names the service property of the record's data source for accounts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.skingpt.api.access;
