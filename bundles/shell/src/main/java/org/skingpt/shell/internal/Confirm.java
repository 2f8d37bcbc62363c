package org.skingpt.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A yes/no question on the shell's terminal; anything but y/yes (or no terminal input) is no. */
final class Confirm {

    private Confirm() {
    }

    static boolean ask(String question) throws IOException {
        System.out.print(question);
        System.out.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line != null && (line.strip().equalsIgnoreCase("y") || line.strip().equalsIgnoreCase("yes"));
    }
}
