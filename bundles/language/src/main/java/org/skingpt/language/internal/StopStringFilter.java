package org.skingpt.language.internal;

import java.util.List;

/**
 * Cuts streamed text before the first stop string, and never lets a piece of one out.
 *
 * <p>A stop string may arrive over several tokens ({@code #}, {@code ##}), so text that ends with
 * the beginning of a stop string is held back until the next piece shows whether the stop string
 * completes. Only text that can no longer be part of a stop string is released.
 */
final class StopStringFilter {

    private final List<String> stops;
    private final StringBuilder text = new StringBuilder();
    private int released;
    private boolean stopped;

    StopStringFilter(List<String> stops) {
        this.stops = List.copyOf(stops);
    }

    /** Whether a stop string has appeared; nothing more is accepted then. */
    boolean stopped() {
        return stopped;
    }

    /** Adds streamed text; returns the part that is now safe to show, possibly empty. */
    String accept(String piece) {
        if (stopped) {
            throw new IllegalStateException("a stop string has already appeared");
        }
        text.append(piece);
        // Everything before `released` is known not to start a stop string, so search from there.
        int first = -1;
        for (String stop : stops) {
            int at = text.indexOf(stop, released);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            return release(first);
        }
        return release(text.length() - heldBackLength());
    }

    /** Releases what was held back, at the end of an answer that stopped for another reason. */
    String flush() {
        return stopped ? "" : release(text.length());
    }

    /** Length of the longest end of the unreleased text that begins some stop string. */
    private int heldBackLength() {
        int open = text.length() - released;
        int longest = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, open); k > longest; k--) {
                if (endsWith(stop, k)) {
                    longest = k;
                    break;
                }
            }
        }
        return longest;
    }

    private boolean endsWith(String stop, int k) {
        int offset = text.length() - k;
        for (int i = 0; i < k; i++) {
            if (text.charAt(offset + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String release(int end) {
        String out = text.substring(released, end);
        released = end;
        return out;
    }
}
