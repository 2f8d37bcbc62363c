package org.skingpt.api.record;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The servers that share this clinical record. Each node registers itself when its store becomes ready
 * and sends a heartbeat with what it serves, so that an admin can see every node's model, locale and
 * report versions from any node, for example during a rolling upgrade.
 *
 * <p>Provided by the store bundle. {@link #nodes()} throws {@link RecordUnavailableException} when the
 * database cannot be reached.
 */
@ProviderType
public interface NodeRegistry {

    /** This server's node name. */
    String thisNode();

    /** Every node that has used this record, alive ones first, then by name. */
    List<NodeStatus> nodes();
}
