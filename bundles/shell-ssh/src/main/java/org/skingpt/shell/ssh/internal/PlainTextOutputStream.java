package org.skingpt.shell.ssh.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes through without ANSI escape sequences ({@code ESC [ ... letter} and two-byte
 * {@code ESC x}). Karaf colours a failed command's message red for a terminal; a script reading
 * standard error wants the words only.
 */
final class PlainTextOutputStream extends FilterOutputStream {

    private static final int ESC = 0x1b;

    private enum State { TEXT, ESCAPE, CSI }

    private State state = State.TEXT;

    PlainTextOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        switch (state) {
            case TEXT -> {
                if (b == ESC) {
                    state = State.ESCAPE;
                } else {
                    out.write(b);
                }
            }
            case ESCAPE -> state = b == '[' ? State.CSI : State.TEXT;
            case CSI -> {
                // Parameter and intermediate bytes (0x20-0x3f) continue the sequence; a final byte ends it.
                if (b >= 0x40 && b <= 0x7e) {
                    state = State.TEXT;
                }
            }
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }
}
