package org.skingpt.console.internal.admin;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.skingpt.api.access.UserAccounts;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.console.internal.ConsoleConfig;

/**
 * The admin pages' view of OSGi. Its services come and go (dynamic, optional): the pages say when one is missing
 * instead of the console restarting. Uploads go to {@code <karaf.data>/skingpt/uploads}.
 */
@Component(service = AdminServices.class, configurationPid = ConsoleConfig.PID)
public class AdminServicesComponent implements AdminServices {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ModelCatalog catalog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile UserAccounts userAccounts;

    private final BundleAdmin bundles;
    private final UploadedFiles uploads;
    private volatile long uploadLimitBytes;

    @Activate
    public AdminServicesComponent(BundleContext context, ConsoleConfig config) {
        File shas = context.getDataFile("deployed-bundles.properties");
        this.bundles = new BundleAdmin(context, shas == null ? null : shas.toPath());
        String data = context.getProperty("karaf.data");
        Path folder = Paths.get(data != null ? data : System.getProperty("java.io.tmpdir"), "skingpt", "uploads");
        this.uploads = new UploadedFiles(folder);
        uploads.clearLeftovers();
        modified(config);
    }

    @Modified
    void modified(ConsoleConfig config) {
        int mb = config.bundleUploadMaxMegabytes();
        uploadLimitBytes = (mb < 1 || mb > 65536 ? 4096L : mb) * 1024 * 1024;
    }

    @Override
    public Optional<ModelCatalog> models() {
        return Optional.ofNullable(catalog);
    }

    @Override
    public Optional<UserAccounts> users() {
        return Optional.ofNullable(userAccounts);
    }

    @Override
    public BundleAdmin bundles() {
        return bundles;
    }

    @Override
    public UploadedFiles uploads() {
        return uploads;
    }

    @Override
    public long uploadLimitBytes() {
        return uploadLimitBytes;
    }
}
