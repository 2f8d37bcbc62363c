package org.skingpt.api.record;

import java.util.List;

/**
 * One page of a query's results.
 *
 * @param items  the rows of this page, at most {@code limit}
 * @param total  how many rows match the query in all
 * @param offset rows skipped before this page
 * @param limit  the page size asked for
 * @param <T>    row type
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public Page {
        items = List.copyOf(items == null ? List.of() : items);
    }

    /** True when rows follow this page. */
    public boolean hasMore() {
        return offset + items.size() < total;
    }
}
