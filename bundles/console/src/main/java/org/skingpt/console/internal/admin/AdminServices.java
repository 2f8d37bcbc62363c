package org.skingpt.console.internal.admin;

import java.util.Optional;
import org.skingpt.api.access.UserAccounts;
import org.skingpt.api.model.ModelCatalog;

/** What the console's admin pages (Models, Users) need from OSGi, in one place. */
public interface AdminServices {

    /** The model extender's catalog, if the models bundle runs. */
    Optional<ModelCatalog> models();

    /** Account administration, if the accounts bundle runs. */
    Optional<UserAccounts> users();

    /** Installs and removes model, locale and report bundles. */
    BundleAdmin bundles();

    /** Where uploads are streamed to. */
    UploadedFiles uploads();

    /** Largest upload accepted, in bytes. */
    long uploadLimitBytes();
}
