package io.palisade.policy;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * {@code policy validate FILE...}: validates policy files for CI. Prints {@code OK <file>} for each valid
 * file and one line {@code <file>: <pointer>: <reason>} per error. Exit code 0 when all are valid, 1 when
 * any is invalid, 2 on a usage error.
 */
public final class PolicyValidateCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INVALID = 1;
    public static final int EXIT_USAGE = 2;

    static final String USAGE = "usage: java -jar palisade-agent.jar policy validate FILE...\n"
            + "  Validates each policy file against the Palisade policy schema.\n"
            + "  Exit code: 0 all valid, 1 some invalid, 2 usage error.";

    private PolicyValidateCommand() {
    }

    public static int run(List<String> files, PrintStream out, PrintStream err) {
        if (files == null || files.isEmpty()) {
            err.println("error: no policy file given");
            err.println(USAGE);
            return EXIT_USAGE;
        }
        for (String f : files) {
            if (f == null || f.trim().isEmpty()) {
                err.println("error: empty file name");
                err.println(USAGE);
                return EXIT_USAGE;
            }
            if ("-h".equals(f) || "--help".equals(f)) {
                out.println(USAGE);
                return EXIT_OK;
            }
            if (f.startsWith("-") && !"-".equals(f)) {
                err.println("error: unknown option " + f);
                err.println(USAGE);
                return EXIT_USAGE;
            }
        }
        boolean allValid = true;
        for (String f : files) {
            PolicyLoadResult result;
            try {
                Path p = Paths.get(f);
                result = PolicyLoader.load(p);
            } catch (InvalidPathException e) {
                result = new PolicyLoadResult(null, java.util.Collections.singletonList(
                        new PolicyError(f, "", "not a valid file name: " + e.getReason())));
            }
            if (result.isValid()) {
                out.println("OK " + f);
            } else {
                allValid = false;
                for (PolicyError e : result.errors()) {
                    out.println(e);
                }
            }
        }
        out.flush();
        return allValid ? EXIT_OK : EXIT_INVALID;
    }
}
